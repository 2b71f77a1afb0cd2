/**
 * Real WhatsApp through Baileys, behind the socket SPI: {@link dev.zaileys.baileys.BaileysSocketFactory}
 * opens each socket in a child Node.js process ({@link dev.zaileys.baileys.BaileysDriver}) that keeps
 * no state of its own; creds and Signal keys stay in the client's stores and cross the process
 * boundary as calls. {@link dev.zaileys.baileys.BaileysSignal} runs Baileys' Signal repository
 * alone, for the round-trip tests and the bridge benchmark. Unofficial: Baileys is a
 * reverse-engineered WhatsApp Web client.
 */
package dev.zaileys.baileys;
