package dev.zaileys.client;

import java.time.Instant;

/** A send scheduled with {@link Client#schedule}: its persisted job's id, and a way to cancel it. */
public interface ScheduledSend {

    String id();

    Instant fireAt();

    String recipient();

    /** Deletes the job so it never fires; false when it already fired (or was cancelled). */
    boolean cancel();
}
