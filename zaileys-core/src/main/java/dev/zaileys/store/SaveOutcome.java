package dev.zaileys.store;

/** What a save did: lets a bot that must not reply twice check durably that a message is new. */
public enum SaveOutcome {
    /** Not stored before. */
    NEW,
    /** Stored before and changed by this save. */
    UPDATED,
    /** Stored before with the same content. */
    UNCHANGED
}
