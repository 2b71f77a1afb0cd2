/**
 * A <b>simulated</b> WhatsApp for tests, the demo and the benchmarks: {@link
 * dev.zaileys.sim.SimulatedWhatsApp} is a deterministic, in-process implementation of the socket
 * SPI. It never touches the network and never reaches WhatsApp.
 */
package dev.zaileys.sim;
