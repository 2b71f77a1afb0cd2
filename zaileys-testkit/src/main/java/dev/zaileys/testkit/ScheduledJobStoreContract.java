package dev.zaileys.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.model.ScheduledJob;
import dev.zaileys.model.ZaileysStoreException.Code;
import dev.zaileys.store.MessageStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Scheduled jobs, the store side of restart-safe scheduled sends (DESIGN section 3 and 5): CRUD in
 * fire order, the due-jobs query, compare-and-set replacement and leased claims that fire each
 * job once across owners. Every adapter that persists anything runs it (see
 * {@link NestedMessageContract} for how an adapter test adds it).
 */
public abstract class ScheduledJobStoreContract<S extends MessageStore> extends NestedMessageContract<S> {

    /** @param adapter the enclosing adapter test, whose stores and hooks this group uses */
    protected ScheduledJobStoreContract(StoreContract<S> adapter) {
        super(adapter);
    }

    @Nested
    @DisplayName("M8: scheduled jobs")
    class Jobs {

        private ScheduledJob job(String id, long fireAtMs) {
            return ScheduledJob.create(id, Instant.ofEpochMilli(fireAtMs), DM, json("{\"text\":\"hi " + id + "\"}"));
        }

        @Test
        @DisplayName("M8.1 save, get, list (soonest first), delete; fixture jobs round-trip")
        void crud() {
            Fixtures.jobs().forEach(store::saveScheduledJob);
            store.saveScheduledJob(job("j-late", 1_800_000_000_000L));
            store.saveScheduledJob(job("j-early", 1_600_000_000_000L));
            List<ScheduledJob> list = store.listScheduledJobs();
            assertThat(list.stream().map(j -> j.fireAt().toEpochMilli()).toList()).isSorted();
            assertThat(list.get(0).id()).isEqualTo("j-early");
            assertThat(list).hasSize(4);
            Fixtures.jobs().forEach(j -> assertThat(store.getScheduledJob(j.id())).contains(j));
            assertThat(store.deleteScheduledJob("j-late")).isTrue();
            assertThat(store.deleteScheduledJob("j-late")).isFalse();
            assertThat(store.getScheduledJob("j-late")).isEmpty();
            store.saveScheduledJob(job("j-early", 1_900_000_000_000L));
            assertThat(store.listScheduledJobs().get(store.listScheduledJobs().size() - 1).id()).isEqualTo("j-early");
        }

        @Test
        @DisplayName("M8.5 listDueScheduledJobs: fireAt at or before now, soonest first; a moved job follows its new time")
        void dueJobs() {
            long now = 1_700_000_000_000L;
            store.saveScheduledJob(job("later", now + 1));
            store.saveScheduledJob(job("exactly", now));
            store.saveScheduledJob(job("earlier", now - 60_000));
            assertThat(store.listDueScheduledJobs(Instant.ofEpochMilli(now))).extracting(ScheduledJob::id)
                    .containsExactly("earlier", "exactly");
            ScheduledJob later = store.getScheduledJob("later").orElseThrow();
            assertThat(store.replaceScheduledJob(later, later.retryAt(Instant.ofEpochMilli(now - 1), "moved"))).isTrue();
            ScheduledJob exactly = store.getScheduledJob("exactly").orElseThrow();
            assertThat(store.replaceScheduledJob(exactly, exactly.retryAt(Instant.ofEpochMilli(now + 5), "moved"))).isTrue();
            assertThat(store.listDueScheduledJobs(Instant.ofEpochMilli(now))).extracting(ScheduledJob::id)
                    .containsExactly("earlier", "later");
        }

        @Test
        @DisplayName("M8.2 replaceScheduledJob is a compare-and-set")
        void cas() {
            ScheduledJob j = job("cas", 1_700_000_000_000L);
            store.saveScheduledJob(j);
            ScheduledJob claimed = j.claimed("a", Instant.ofEpochMilli(1_700_000_060_000L));
            assertThat(store.replaceScheduledJob(j, claimed)).isTrue();
            assertThat(store.replaceScheduledJob(j, j.claimed("b", Instant.ofEpochMilli(1)))).isFalse();
            assertThat(store.getScheduledJob("cas").orElseThrow().claimedBy()).contains("a");
            assertThat(store.replaceScheduledJob(job("gone", 1), job("gone", 2))).isFalse();
            assertThat(store.getScheduledJob("gone")).isEmpty();
            assertCode(() -> store.replaceScheduledJob(j, job("other", 1)), Code.STORE_INVALID_INPUT);
        }

        @Test
        @DisplayName("M8.3 two owners claiming concurrently: each due job is claimed once; future jobs are not")
        void claimOnce() throws Exception {
            int jobs = Math.max(20, 100 / scale());
            Instant now = Instant.ofEpochMilli(1_700_000_000_000L);
            for (int i = 0; i < jobs; i++) {
                store.saveScheduledJob(job("due-" + i, now.toEpochMilli() - i));
            }
            store.saveScheduledJob(job("future", now.toEpochMilli() + 60_000));
            List<String> owners = List.of("owner-a", "owner-b", "owner-a2", "owner-b2");
            List<String> claimed = new ArrayList<>();
            inParallel(owners.size(), o -> {
                List<ScheduledJob> mine = new ArrayList<>();
                List<ScheduledJob> got;
                do {
                    got = store.claimDueJobs(now, owners.get(o), Duration.ofMinutes(1), 7);
                    mine.addAll(got);
                } while (!got.isEmpty());
                return mine;
            }).forEach(mine -> mine.forEach(j -> claimed.add(j.id())));
            assertThat(claimed).hasSize(jobs).doesNotHaveDuplicates().doesNotContain("future");
            assertThat(store.getScheduledJob("due-0").orElseThrow().attempts()).isEqualTo(1);
        }

        @Test
        @DisplayName("M8.4 an expired lease can be claimed again; a live one cannot")
        void expiredLease() {
            Instant now = Instant.ofEpochMilli(1_700_000_000_000L);
            store.saveScheduledJob(job("lease", now.toEpochMilli()));
            assertThat(store.claimDueJobs(now, "a", Duration.ofSeconds(30), 10)).hasSize(1);
            assertThat(store.claimDueJobs(now.plusSeconds(10), "b", Duration.ofSeconds(30), 10)).isEmpty();
            List<ScheduledJob> again = store.claimDueJobs(now.plusSeconds(31), "b", Duration.ofSeconds(30), 10);
            assertThat(again).hasSize(1);
            assertThat(again.get(0).claimedBy()).contains("b");
            assertThat(store.getScheduledJob("lease").orElseThrow().attempts()).isEqualTo(2);
        }
    }
}
