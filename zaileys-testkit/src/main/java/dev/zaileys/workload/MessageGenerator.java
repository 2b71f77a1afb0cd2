package dev.zaileys.workload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.model.BufferJson;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Generates workload messages lazily from a generator positioned after its chats: the message mix
 * and timestamp gaps WORKLOAD.md specifies, draw for draw, so the dataset hashes stay fixed.
 */
final class MessageGenerator implements Iterator<ObjectNode> {

    private static final int[][] DIMS = {{960, 1280}, {1200, 1600}, {1280, 720}, {1080, 1080}, {1920, 1080}};

    private final Mulberry32 rng;
    private final List<Workload.ChatSpec> chats;
    private final int count;
    private final Set<String> ids = new HashSet<>();
    private long ts = Workload.T0;
    private int k;

    MessageGenerator(Mulberry32 rng, List<Workload.ChatSpec> chats, int count) {
        this.rng = rng;
        this.chats = chats;
        this.count = count;
    }

    @Override
    public boolean hasNext() {
        return k < count;
    }

    @Override
    public ObjectNode next() {
        if (k >= count) {
            throw new NoSuchElementException();
        }
        ObjectNode doc = generate(k);
        k++;
        return doc;
    }

    private ObjectNode generate(int k) {
        Workload.ChatSpec chat = chats.size() == 1 ? chats.get(0) : chats.get(rng.nextInt(chats.size()));
        double r = rng.draw();
        ts += r < 0.5 ? 0 : r < 0.8 ? 1 : r < 0.95 ? 2 + rng.nextInt(9) : 11 + rng.nextInt(290);
        String id;
        do {
            id = rng.hex(20);
        } while (!ids.add(id));
        boolean fromMe = rng.draw() < 0.3;
        String participant = null;
        String pushName;
        if (chat.group()) {
            if (fromMe) {
                participant = Workload.ME_JID;
                pushName = Workload.ME_NAME;
            } else {
                Workload.Member m = rng.pick(chat.members());
                participant = m.jid();
                pushName = m.name();
            }
        } else {
            pushName = fromMe ? Workload.ME_NAME : chat.name();
        }

        ObjectNode doc = BufferJson.object();
        ObjectNode key = doc.putObject("key");
        key.put("remoteJid", chat.jid());
        key.put("fromMe", fromMe);
        key.put("id", id);
        if (chat.group()) {
            key.put("participant", participant);
        }
        doc.put("messageTimestamp", ts);
        doc.put("pushName", pushName);
        ObjectNode message = doc.putObject("message");
        int kind = k % 10;
        if (kind <= 6) {
            message.put("conversation", rng.text(20, 200));
        } else if (kind <= 8) {
            String text = rng.text(20, 200);
            String stanzaId = rng.hex(20);
            String quotedParticipant = chat.group() ? rng.pick(chat.members()).jid() : chat.jid();
            String quoted = rng.text(20, 80);
            ObjectNode ext = message.putObject("extendedTextMessage");
            ext.put("text", text);
            ObjectNode ctx = ext.putObject("contextInfo");
            ctx.put("stanzaId", stanzaId);
            ctx.put("participant", quotedParticipant);
            ctx.putObject("quotedMessage").put("conversation", quoted);
        } else {
            String p1 = rng.digits(8);
            String p2 = rng.digits(16);
            String oh = rng.hex(40);
            String oe = rng.hex(8);
            String directPath = "/v/t62.7118-24/" + p1 + "_" + p2 + "_n.enc?ccb=11-4&oh=01_" + oh + "&oe=" + oe
                    + "&_nc_sid=5e03e0";
            ObjectNode img = message.putObject("imageMessage");
            img.put("url", "https://mmg.whatsapp.net" + directPath + "&mms3=true");
            img.put("mimetype", "image/jpeg");
            if (rng.draw() < 0.5) {
                img.put("caption", rng.text(20, 120));
            }
            img.put("fileSha256", rng.bytes(32));
            img.put("fileLength", 20000 + rng.nextInt(480001));
            int[] dims = DIMS[rng.nextInt(DIMS.length)];
            img.put("height", dims[0]);
            img.put("width", dims[1]);
            img.put("mediaKey", rng.bytes(32));
            img.put("fileEncSha256", rng.bytes(32));
            img.put("directPath", directPath);
            img.put("mediaKeyTimestamp", ts);
            img.put("jpegThumbnail", rng.bytes(1800 + rng.nextInt(513)));
        }
        return doc;
    }
}
