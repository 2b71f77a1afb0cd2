package dev.zaileys.examples.bot;

import dev.zaileys.sim.SimulatedWhatsApp;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A bot on the simulated WhatsApp. The starter makes the stores (from {@code zaileys.*}), the
 * client (because this class defines a socket factory), the metrics and the health; the bot only
 * answers {@code !ping}.
 */
@SpringBootApplication
public class BotApplication {

    public static void main(String[] args) {
        SpringApplication.run(BotApplication.class, args);
    }

    /**
     * The simulated WhatsApp: in-process, pairs at once, never reaches WhatsApp. Replace it with
     * {@code zaileys-baileys} on the class path (and no bean here) to reach the real one.
     */
    @Bean
    SimulatedWhatsApp whatsapp() {
        return SimulatedWhatsApp.builder().history(2, 10).build();
    }
}
