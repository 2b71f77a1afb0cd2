/**
 * The socket SPI, shaped like Baileys' socket: {@link dev.zaileys.socket.WASocket} (events,
 * user, send, logout, end), its {@link dev.zaileys.socket.AuthenticationState} (creds plus a
 * {@link dev.zaileys.socket.SignalKeyStore} with transactions), the {@link
 * dev.zaileys.socket.SocketFactory} a client opens sockets with, and Baileys' event names and
 * disconnect status codes.
 */
package dev.zaileys.socket;
