package dev.zaileys.metrics;

import dev.zaileys.client.Client;
import dev.zaileys.client.ClientEvent;
import dev.zaileys.model.ScheduledJob;
import dev.zaileys.socket.DisconnectReason;
import dev.zaileys.store.MessageStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The meters of one {@link Client}: connection, bind queue and scheduler (see the package
 * summary for names and tags). Bind it once; the gauges read the client when scraped, and the
 * counters follow its events.
 */
public final class ClientMetrics implements MeterBinder {

    private final Client client;
    private final Tags tags;
    private final Clock clock;

    /** Meters of {@code client}; {@code tags} (bounded values only) are added to each. */
    public ClientMetrics(Client client, Iterable<Tag> tags) {
        this(client, tags, Clock.systemUTC());
    }

    /** As {@link #ClientMetrics(Client, Iterable)}, with the clock that decides which jobs are due. */
    public ClientMetrics(Client client, Iterable<Tag> tags, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.tags = Tags.of(tags);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("zaileys.client.connected", client, c -> c.isConnected() ? 1 : 0)
                .description("1 while the client's WhatsApp connection is open").tags(tags).register(registry);
        Gauge.builder("zaileys.binding.queue.depth", client, Client::pendingStoreWrites)
                .description("Bound writes accepted from the socket and not yet durable").tags(tags).register(registry);
        FunctionCounter.builder("zaileys.binding.failed.writes", client, Client::failedStoreWrites)
                .description("Bound writes given up on (refused by the store or lost at close)").tags(tags)
                .register(registry);
        Gauge.builder("zaileys.scheduler.jobs", this, m -> m.countJobs(job -> !job.failed()
                        && !job.fireAt().isAfter(clock.instant())))
                .description("Scheduled sends stored for the client, due now or given up on").tags(tags)
                .tag("state", "due").register(registry);
        Gauge.builder("zaileys.scheduler.jobs", this, m -> m.countJobs(ScheduledJob::failed))
                .description("Scheduled sends stored for the client, due now or given up on").tags(tags)
                .tag("state", "failed").register(registry);

        Counter sent = sends(registry, "sent");
        Counter failed = sends(registry, "failed");
        client.on(ClientEvent.ScheduleSent.class, e -> sent.increment());
        client.on(ClientEvent.ScheduleFailed.class, e -> failed.increment());

        Map<DisconnectReason, Counter> disconnects = new EnumMap<>(DisconnectReason.class);
        for (DisconnectReason reason : DisconnectReason.values()) {
            disconnects.put(reason, Counter.builder("zaileys.client.disconnects")
                    .description("Closed WhatsApp connections, by reason").tags(tags)
                    .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
        }
        Gauge.builder("zaileys.session.lease.held", client, c -> c.leaseEpoch().isPresent() ? 1 : 0)
                .description("1 while this client holds its session's lease").tags(tags).register(registry);
        Counter lost = Counter.builder("zaileys.session.lease.lost")
                .description("Leases this client lost to another process").tags(tags).register(registry);
        client.onLeaseLost(e -> lost.increment());
        client.onDisconnect(e -> {
            Counter c = e.reason() == null ? null : disconnects.get(e.reason());
            if (c != null) {
                c.increment();
            }
        });
    }

    private Counter sends(MeterRegistry registry, String outcome) {
        return Counter.builder("zaileys.scheduler.sends").description("Scheduled sends, by outcome")
                .tags(tags).tag("outcome", outcome).register(registry);
    }

    /** NaN when the store cannot be read: a gap in the graph, not a false zero. */
    private double countJobs(Predicate<ScheduledJob> which) {
        try {
            MessageStore store = client.store();
            // a scrape is not a store operation of the bot: leave it out of the timers
            if (store instanceof MeteredMessageStore metered) {
                store = metered.delegate();
            }
            List<ScheduledJob> jobs = store.listScheduledJobs();
            return jobs.stream().filter(which).count();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
