/**
 * Micrometer metrics for stores and clients. Micrometer is an optional dependency: only the
 * classes of this package touch it, and nothing else of the library loads them.
 *
 * <p>Meters (dot names; Prometheus shows them as {@code zaileys_store_operations_seconds} and so on):
 * <ul>
 *   <li>{@code zaileys.store.operations} (timer): tags {@code backend}, {@code store}
 *       ({@code messages} or {@code auth}), {@code operation} (the method) and {@code outcome}
 *       ({@code success}, the lower-cased {@code ZaileysStoreException} code, or {@code error});</li>
 *   <li>{@code zaileys.binding.queue.depth} (gauge) and {@code zaileys.binding.failed.writes}
 *       (function counter): bound writes waiting, and given up on;</li>
 *   <li>{@code zaileys.scheduler.jobs} (gauge, tag {@code state}: {@code due} or {@code failed})
 *       and {@code zaileys.scheduler.sends} (counter, tag {@code outcome}: {@code sent} or
 *       {@code failed});</li>
 *   <li>{@code zaileys.client.connected} (gauge, 1 or 0) and {@code zaileys.client.disconnects}
 *       (counter, tag {@code reason}: the {@code DisconnectReason}).</li>
 * </ul>
 * <p>The session lease: {@code zaileys.session.lease.held} (gauge, 1 while this client holds its
 * session's lease) and {@code zaileys.session.lease.lost} (counter); the fencing epoch is a number,
 * never a tag.
 *
 * <p>No tag ever holds a JID, a message id or a session name: their number is unbounded. Tell two
 * clients apart with a tag of your own ({@code client=orders}) passed as {@code tags}.
 */
package dev.zaileys.metrics;
