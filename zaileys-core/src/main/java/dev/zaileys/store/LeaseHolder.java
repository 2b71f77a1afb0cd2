package dev.zaileys.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Who holds a session's lease: enough to find the process ({@code host}, {@code pid}) and to tell
 * how long it has run ({@code since}). {@code owner} tells two acquisitions apart (a restarted
 * process on the same pid is another owner); it is random and carries no secret.
 */
public record LeaseHolder(String owner, String host, long pid, Instant since) {

    public LeaseHolder {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(since, "since");
    }

    /** "pid 4242 on host gw-1 since 2026-12-01T08:00:00Z", for messages and logs. */
    public String describe() {
        return "pid " + pid + " on host " + host + " since " + since;
    }
}
