/**
 * The store API: a session is an {@link dev.zaileys.store.AuthStoreBundle} (creds and Signal
 * keys), a history a {@link dev.zaileys.store.MessageStore} (messages, chats, contacts, presence and
 * {@linkplain dev.zaileys.store.ScheduledJobStore scheduled jobs}). One package per backend
 * implements them; {@link dev.zaileys.store.SessionCheck} verifies a stored session. Depends on the
 * model only.
 */
package dev.zaileys.store;
