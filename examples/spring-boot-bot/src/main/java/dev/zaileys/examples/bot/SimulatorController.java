package dev.zaileys.examples.bot;

import dev.zaileys.model.WAMessage;
import dev.zaileys.sim.SimulatedWhatsApp;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Plays the other side of the chat, so the bot can be tried with curl: {@code POST
 * /simulator/messages?from=...&text=!ping} delivers a message, {@code GET /simulator/sent} lists
 * what the bot sent. Only because WhatsApp is simulated here.
 */
@RestController
public class SimulatorController {

    private final SimulatedWhatsApp whatsapp;

    public SimulatorController(SimulatedWhatsApp whatsapp) {
        this.whatsapp = whatsapp;
    }

    @PostMapping("/simulator/messages")
    public Map<String, String> receive(@RequestParam(name = "from", defaultValue = "628111111111@s.whatsapp.net") String from,
                                       @RequestParam(name = "text") String text) {
        WAMessage m = whatsapp.receiveText(from, text);
        whatsapp.settle();
        return Map.of("id", m.key().id(), "from", from);
    }

    @GetMapping("/simulator/sent")
    public List<Map<String, String>> sent() {
        return whatsapp.sent().stream()
                .map(m -> Map.of("to", m.key().remoteJid(), "text", m.text().orElse("")))
                .toList();
    }
}
