package dev.zaileys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.zaileys.store.SessionLease;
import dev.zaileys.store.sqlite.SqliteAuthStore;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectCommandTest {

    /** The driver install of this module's tests (a clean build runs a real `npm ci` here). */
    private static final Path CACHE = Path.of("target", "driver-cache").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    @DisplayName("install-driver, then connect to a refused endpoint: the close is printed and Baileys' fresh creds are in --auth")
    void installThenConnect() throws Exception {
        MainTest.Run install = MainTest.run("install-driver", "--cache-dir", CACHE.toString());
        assertThat(install.code()).as(install.err()).isZero();
        assertThat(install.out()).contains("driver installed in " + CACHE);

        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path db = tmp.resolve("wa.db");
        MainTest.Run connect = MainTest.run("connect", "--auth", "sqlite:" + db, "--session", "cli",
                "--ws-url", "ws://127.0.0.1:" + port + "/ws/chat", "--cache-dir", CACHE.toString(), "--exit-on-close");
        assertThat(connect.code()).as(connect.err()).isEqualTo(1);
        assertThat(connect.out()).contains("unofficial").contains("Connection closed (status 408");
        try (SqliteAuthStore auth = SqliteAuthStore.builder().database(db.toString()).build()) {
            assertThat(auth.readCreds()).as("creds made by Baileys, persisted through --auth").isPresent();
        }
    }

    @Test
    @DisplayName("connect on a session another process holds: --lease-wait waits that long, then fails naming the holder (exit 1); --help says so")
    void heldSessionWaitsThenFails() throws Exception {
        MainTest.Run install = MainTest.run("install-driver", "--cache-dir", CACHE.toString());
        assertThat(install.code()).as(install.err()).isZero();
        Path db = tmp.resolve("held.db");
        try (SqliteAuthStore holder = SqliteAuthStore.builder().database(db.toString()).build();
             SessionLease.Lease lease = holder.lease().orElseThrow().acquire(Duration.ofSeconds(30), Duration.ZERO)) {
            // A refused port: were the lease taken, the connection would fail (408), not the lease.
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            MainTest.Run connect = MainTest.run("connect", "--auth", "sqlite:" + db, "--lease-wait", "1500ms",
                    "--ws-url", "ws://127.0.0.1:" + port + "/ws/chat", "--cache-dir", CACHE.toString(), "--exit-on-close");
            assertThat(connect.code()).as(connect.out() + connect.err()).isEqualTo(1);
            assertThat(connect.err()).contains("is owned by pid " + ProcessHandle.current().pid())
                    .contains("since " + lease.holder().since()).contains("waited PT1.5S");
            assertThat(connect.out()).doesNotContain("Connection closed");
            assertThat(lease.held()).isTrue();
        }
        MainTest.Run bad = MainTest.run("connect", "--auth", "sqlite:" + db, "--lease-wait", "soon");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("not a duration: 'soon'");
        assertThat(MainTest.run("connect", "--auth", "sqlite:" + db, "--lease-wait", "-PT1S").code()).isEqualTo(2);
        MainTest.Run help = MainTest.run("connect", "--help");
        assertThat(help.out().replaceAll("\\s+", " ")).contains("--lease-wait=DURATION").contains("fails at once naming that process");
    }

    @Test
    @DisplayName("--lease-wait reads 45s, 500ms, 2m, 1h, 0 and ISO-8601")
    void leaseWaitValues() {
        ConnectCommand.WaitConverter c = new ConnectCommand.WaitConverter();
        assertThat(c.convert("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(c.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(c.convert("0")).isEqualTo(Duration.ZERO);
        assertThat(c.convert("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    @DisplayName("the terminal QR decodes back to the pairing string")
    void qrDecodes() throws Exception {
        String pairing = "2@Zq3Xb9+test/pairing,ref,noise-key-base64==,identity-key-base64==,adv-secret==";
        List<String> rows = TerminalQr.render(pairing).lines().toList();
        int scale = 4;
        int width = rows.get(0).length();
        int height = rows.size() * 2;
        int[] pixels = new int[width * scale * height * scale];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                char c = rows.get(y / 2).charAt(x);
                boolean top = y % 2 == 0;
                // as drawn: a blank half is a dark module, a block half a light one
                boolean light = c == '█' || (top ? c == '▀' : c == '▄');
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        pixels[(y * scale + dy) * width * scale + x * scale + dx] = light ? 0xFFFFFF : 0;
                    }
                }
            }
        }
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width * scale, height * scale, pixels)));
        assertThat(new QRCodeReader().decode(bitmap).getText()).isEqualTo(pairing);
    }
}
