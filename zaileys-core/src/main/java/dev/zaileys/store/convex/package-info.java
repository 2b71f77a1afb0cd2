/**
 * Convex stores over Convex's HTTP API with the JDK's HTTP client: one {@code zaileys_kv}
 * table behind the functions the project ships under {@code examples/convex}.
 */
package dev.zaileys.store.convex;
