package dev.zaileys.store;

/**
 * What one session holds, counted by kind ({@link SessionCatalog#summary}). A backend without a
 * kind (File keeps no history) counts zero of it.
 *
 * @param creds      whether creds are stored
 * @param signalKeys Signal keys, all types together
 * @param presences  presence entries (Redis expires them, so they may count fewer soon after)
 */
public record SessionSummary(String session, boolean creds, long signalKeys, long messages, long chats, long contacts,
                             long presences, long jobs) {

    /** Whether the session holds no record at all. */
    public boolean empty() {
        return !creds && signalKeys == 0 && messages == 0 && chats == 0 && contacts == 0 && presences == 0 && jobs == 0;
    }
}
