package dev.zaileys.store;

import dev.zaileys.model.ScheduledJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Restart-safe scheduled sends. Every persistent message store implements it; claims let several
 * clients of one session share a store and still fire each job once.
 */
public interface ScheduledJobStore {

    /** Inserts or replaces a job by id. */
    void saveScheduledJob(ScheduledJob job);

    /** Every stored job, soonest {@code fireAt} first. */
    List<ScheduledJob> listScheduledJobs();

    /** The jobs whose {@code fireAt} is at or before {@code now}, soonest first (claimed ones too). */
    List<ScheduledJob> listDueScheduledJobs(Instant now);

    Optional<ScheduledJob> getScheduledJob(String id);

    /** Removes a job; false when there was none. */
    boolean deleteScheduledJob(String id);

    /**
     * Compare-and-set: replaces the stored job by {@code replacement} only if the stored one is
     * still exactly {@code expected}. Atomic across processes. False when it changed meanwhile
     * (or is gone).
     */
    boolean replaceScheduledJob(ScheduledJob expected, ScheduledJob replacement);

    /**
     * Claims up to {@code max} jobs that are due at {@code now} and not held by a live lease,
     * each for {@code lease}. A job claimed here was claimed by nobody else; a claimer that dies
     * loses its claim when the lease runs out.
     */
    default List<ScheduledJob> claimDueJobs(Instant now, String owner, Duration lease, int max) {
        List<ScheduledJob> claimed = new ArrayList<>();
        // Only the due ones: the scheduler calls this every poll, and most stored jobs are future ones.
        for (ScheduledJob job : listDueScheduledJobs(now)) {
            if (claimed.size() >= max) {
                break;
            }
            if (job.claimableAt(now)) {
                ScheduledJob mine = job.claimed(owner, now.plus(lease));
                if (replaceScheduledJob(job, mine)) {
                    claimed.add(mine);
                }
            }
        }
        return claimed;
    }
}
