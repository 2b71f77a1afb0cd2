package dev.zaileys.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import dev.zaileys.model.WAMessage;
import dev.zaileys.workload.Workload;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The simulator's live traffic: a fixed rotation of new messages (from the workload generator),
 * edits, receipts, reactions, presence, chat and contact updates and revokes, each aimed at a
 * message received earlier. Its state is guarded by the simulator's lock, the one its random
 * draws take, so one event's draws are never interleaved with another thread's and a run with
 * one seed replays the same events.
 */
final class LiveTraffic {

    /** One Baileys event to emit. */
    record Event(String name, JsonNode payload) {}

    private final SimulatedWhatsApp sim;
    private Iterator<ObjectNode> liveSource;
    private final List<WAMessage> liveReceived = new ArrayList<>();
    private int liveStep;

    LiveTraffic(SimulatedWhatsApp sim) {
        this.sim = sim;
    }

    /** A message that reached the account outside the rotation: later events may refer to it. */
    void received(WAMessage m) {
        synchronized (sim) {
            liveReceived.add(m);
        }
    }

    /** The next event of the rotation. */
    Event next() {
        synchronized (sim) {
            return generate();
        }
    }

    private Event generate() {
        if (liveSource == null) {
            liveSource = Workload.messages(sim.historyChats, sim.seed * 31 + 1, Integer.MAX_VALUE / 2, sim.seed * 31 + 3);
        }
        long now = sim.clock.instant().getEpochSecond();
        int kind = liveStep++ % 8;
        if (liveReceived.isEmpty() && kind != 0) {
            kind = 0;
        }
        switch (kind) {
            case 0 -> {
                ObjectNode m = liveSource.next();
                m.put("messageTimestamp", now);
                WAMessage wm = WAMessage.of(m);
                liveReceived.add(wm);
                ObjectNode p = BufferJson.object();
                p.putArray("messages").add(m);
                p.put("type", "notify");
                return new Event("messages.upsert", p);
            }
            case 1 -> { // an edit of the latest live message
                WAMessage target = liveReceived.get(liveReceived.size() - 1);
                ObjectNode pm = BufferJson.object();
                pm.set("key", target.key().toJson());
                pm.put("type", 14);
                pm.putObject("editedMessage").put("conversation", "(edited) " + target.text().orElse(""));
                return new Event("messages.upsert", protocolUpsert(target, pm, now));
            }
            case 2 -> { // a receipt: our message read, or theirs marked read
                WAMessage target = liveReceived.get(sim.nextInt(liveReceived.size()));
                ArrayNode a = BufferJson.mapper().createArrayNode();
                ObjectNode u = a.addObject();
                u.set("key", target.key().toJson());
                u.putObject("update").put("status", 4);
                return new Event("messages.update", a);
            }
            case 3 -> { // a reaction
                WAMessage target = liveReceived.get(sim.nextInt(liveReceived.size()));
                ObjectNode m = BufferJson.object();
                ObjectNode key = m.putObject("key");
                key.put("remoteJid", target.key().remoteJid());
                key.put("fromMe", false);
                key.put("id", sim.messageId("RX"));
                m.put("messageTimestamp", now);
                ObjectNode r = m.putObject("message").putObject("reactionMessage");
                r.set("key", target.key().toJson());
                r.put("text", "👍");
                r.put("senderTimestampMs", now * 1000);
                ObjectNode p = BufferJson.object();
                p.putArray("messages").add(m);
                p.put("type", "notify");
                return new Event("messages.upsert", p);
            }
            case 4 -> { // presence
                WAMessage target = liveReceived.get(sim.nextInt(liveReceived.size()));
                String who = target.key().participantJid().orElse(target.key().remoteJid());
                ObjectNode p = BufferJson.object();
                p.put("id", target.key().remoteJid());
                ObjectNode pres = p.putObject("presences").putObject(who);
                pres.put("lastKnownPresence", sim.nextInt(2) == 0 ? "composing" : "available");
                pres.put("lastSeen", now);
                return new Event("presence.update", p);
            }
            case 5 -> { // chat update
                WAMessage target = liveReceived.get(liveReceived.size() - 1);
                ArrayNode a = BufferJson.mapper().createArrayNode();
                ObjectNode c = a.addObject();
                c.put("id", target.key().remoteJid());
                c.put("unreadCount", 1 + sim.nextInt(5));
                c.put("conversationTimestamp", now);
                return new Event("chats.update", a);
            }
            case 6 -> { // contact update
                WAMessage target = liveReceived.get(sim.nextInt(liveReceived.size()));
                ArrayNode a = BufferJson.mapper().createArrayNode();
                ObjectNode c = a.addObject();
                c.put("id", target.key().participantJid().orElse(target.key().remoteJid()));
                c.put("notify", target.pushName().orElse("Someone"));
                return new Event("contacts.update", a);
            }
            default -> { // a revoke of an earlier live message
                WAMessage target = liveReceived.get(Math.max(0, liveReceived.size() - 2));
                ObjectNode pm = BufferJson.object();
                pm.set("key", target.key().toJson());
                pm.put("type", 0);
                return new Event("messages.upsert", protocolUpsert(target, pm, now));
            }
        }
    }

    private ObjectNode protocolUpsert(WAMessage target, ObjectNode protocolMessage, long now) {
        ObjectNode m = BufferJson.object();
        ObjectNode key = m.putObject("key");
        key.put("remoteJid", target.key().remoteJid());
        key.put("fromMe", target.key().fromMe());
        key.put("id", sim.messageId("PM"));
        target.key().participantJid().ifPresent(p -> key.put("participant", p));
        m.put("messageTimestamp", now);
        m.putObject("message").set("protocolMessage", protocolMessage);
        ObjectNode p = BufferJson.object();
        p.putArray("messages").add(m);
        p.put("type", "notify");
        return p;
    }
}
