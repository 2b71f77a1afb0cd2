package dev.zaileys.bench;

import com.fasterxml.jackson.databind.node.BinaryNode;
import dev.zaileys.model.AuthCreds;
import dev.zaileys.model.WAMessage;
import dev.zaileys.store.AuthStoreBundle;
import dev.zaileys.store.SignalTypes;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageCursor;
import dev.zaileys.store.MessageStore;
import dev.zaileys.workload.Workload;
import java.util.List;
import java.util.Map;

/**
 * The warm-up (WORKLOAD.md): saves, reads back and pages the warm-up data; nothing is reported.
 * The auth code path gets one too ({@link #auth}), as the raw baseline's driver does: A1's
 * pre-key row is the median of five single calls, so without it the JIT's first compilations
 * land inside the timed calls and the row measures the JVM's start, not the store.
 */
final class Warmup {

    private static final int PAGES = 10;

    private Warmup() {}

    static void run(BenchRun run) {
        Workload.Warmup w = Workload.warmup();
        List<WAMessage> wm = Workload.asWAMessages(w.messages());
        try (MessageStore s = run.freshMessages()) {
            for (WAMessage m : wm) {
                s.saveMessage(m);
            }
            for (WAMessage m : wm) {
                if (s.getMessage(m.key()).isEmpty()) {
                    throw new IllegalStateException("warm-up: a saved message could not be read back: " + m.key());
                }
            }
            int pages = 0;
            for (Workload.ChatSpec chat : w.chats()) {
                MessageCursor cursor = null;
                while (pages < PAGES) {
                    ListOptions o = cursor == null ? ListOptions.limit(W2.PAGE) : ListOptions.limit(W2.PAGE).after(cursor);
                    List<WAMessage> page = s.listMessages(chat.jid(), o);
                    pages++;
                    if (page.size() < W2.PAGE) {
                        break;
                    }
                    cursor = MessageCursor.after(page.get(page.size() - 1));
                }
                if (pages >= PAGES) {
                    break;
                }
            }
            s.clear();
        }
    }

    /**
     * Runs the calls A1 times on a fresh auth store, then clears it: a few thousand reads, since
     * HotSpot compiles a method fully after about ten thousand calls and a bot runs for hours.
     */
    static void auth(BenchRun run, Workload.Auth data) {
        try (AuthStoreBundle s = run.freshAuth()) {
            for (int r = 0; r < 3; r++) {
                s.clear();
                s.write(Map.of(SignalTypes.PRE_KEY, data.preKeys()));
            }
            s.read(SignalTypes.PRE_KEY, data.preKeys().keySet());
            Map<String, BinaryNode> sessions =
                    A1.sessions(data, data.sessionIds().subList(0, Math.min(500, data.sessionIds().size())));
            s.write(Map.of(SignalTypes.SESSION, sessions));
            for (int pass = 0; pass < 10; pass++) {
                for (String id : sessions.keySet()) {
                    s.read(SignalTypes.SESSION, List.of(id));
                }
            }
            AuthCreds creds = AuthCreds.of(data.creds());
            for (int i = 0; i < 50; i++) {
                s.writeCreds(creds);
            }
            for (int i = 0; i < 5_000; i++) {
                s.readCreds();
            }
            s.clear();
        }
    }
}
