/**
 * The {@link dev.zaileys.client.Client}: wires an auth store and a message store to a WhatsApp
 * socket (see {@code dev.zaileys.socket}), reconnects, clears a logged-out session, and runs
 * restart-safe scheduled sends ({@link dev.zaileys.client.ScheduledSend}).
 */
package dev.zaileys.client;
