/**
 * Contract suites for adapter authors: extend {@link dev.zaileys.testkit.AuthStoreContract} and
 * {@link dev.zaileys.testkit.MessageStoreContract} (plus the {@code Durable*} layers for a store that
 * persists, and {@link dev.zaileys.testkit.ClientContract} for a store under a client) with a
 * {@code newStore()} of yours, and your adapter runs the same tests as every built-in backend.
 * {@link dev.zaileys.testkit.Fixtures} holds records the Node original wrote.
 */
package dev.zaileys.testkit;
