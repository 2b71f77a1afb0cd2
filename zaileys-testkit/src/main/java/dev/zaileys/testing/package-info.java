/**
 * Test servers for the built-in backends: an embedded PostgreSQL and Redis started from Maven
 * artifacts (or the servers named by {@code ZAILEYS_TEST_POSTGRES_URL} and
 * {@code ZAILEYS_TEST_REDIS_URL}) and the Convex test backend on Node.js. A server that cannot
 * start fails loudly.
 */
package dev.zaileys.testing;
