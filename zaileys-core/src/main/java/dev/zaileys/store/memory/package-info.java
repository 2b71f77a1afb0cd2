/**
 * Memory stores: both stores in the JVM's heap, gone on exit; the default history of a
 * {@code Client}. Reads return copies, as every store's do.
 */
package dev.zaileys.store.memory;
