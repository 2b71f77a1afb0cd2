package dev.zaileys.bench;

import dev.zaileys.model.WAMessage;
import dev.zaileys.store.ListOptions;
import dev.zaileys.store.MessageCursor;
import dev.zaileys.store.MessageStore;
import dev.zaileys.workload.Workload;
import java.util.List;

/** The warm-up (WORKLOAD.md): saves, reads back and pages the warm-up data; nothing is reported. */
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
}
