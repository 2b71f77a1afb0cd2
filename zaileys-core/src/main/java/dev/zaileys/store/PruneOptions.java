package dev.zaileys.store;

import dev.zaileys.model.Ids;
import dev.zaileys.model.ZaileysStoreException;

/**
 * What {@link MessageStore#pruneMessages} removes: messages older than {@code olderThan} (a
 * timestamp in seconds, exclusive), and/or all but the newest {@code maxPerChat} of each chat;
 * only in chat {@code jid} when it is set.
 */
public record PruneOptions(Long olderThan, Integer maxPerChat, String jid) {

    public PruneOptions {
        if (olderThan == null && maxPerChat == null) {
            throw ZaileysStoreException.invalid("prune needs olderThan or maxPerChat");
        }
        if (maxPerChat != null && maxPerChat < 0) {
            throw ZaileysStoreException.invalid("maxPerChat must not be negative");
        }
        if (jid != null) {
            Ids.require(jid, "prune jid");
        }
    }

    public static PruneOptions olderThan(long timestamp) {
        return new PruneOptions(timestamp, null, null);
    }

    public static PruneOptions keepNewest(int maxPerChat) {
        return new PruneOptions(null, maxPerChat, null);
    }

    public PruneOptions inChat(String jid) {
        return new PruneOptions(olderThan, maxPerChat, jid);
    }
}
