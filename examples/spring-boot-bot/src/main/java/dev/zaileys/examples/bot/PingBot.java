package dev.zaileys.examples.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zaileys.client.Client;
import dev.zaileys.model.WAMessage;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Answers {@code !ping} with {@code pong}. Subscribes before the client connects (the starter connects on start). */
@Component
public class PingBot {

    private static final Logger log = LoggerFactory.getLogger(PingBot.class);

    private final AtomicLong replies = new AtomicLong();

    public PingBot(Client client) {
        client.onSocketEvent("messages.upsert", e -> {
            // "notify" is live traffic; "append" is history, which must not be answered again
            if (!"notify".equals(e.payload().path("type").asText())) {
                return;
            }
            for (JsonNode m : e.payload().path("messages")) {
                WAMessage msg = WAMessage.of((ObjectNode) m);
                if (!msg.key().fromMe() && "!ping".equals(msg.text().orElse("").strip())) {
                    client.sendText(msg.key().remoteJid(), "pong");
                    replies.incrementAndGet();
                    log.info("answered !ping");
                }
            }
        });
    }

    /** How many pongs were sent. */
    public long replies() {
        return replies.get();
    }
}
