/**
 * Internal, not exported: what every backend shares, written once. The base classes hold the
 * behaviour of the API (validation, the merge of messages and documents, delivery status that only
 * moves forward, revoke tombstones, the closed state, error mapping); a backend implements storage
 * primitives on encoded documents. The SQL backends share {@code internal.jdbc} too.
 */
package dev.zaileys.store.internal;
