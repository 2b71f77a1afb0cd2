package dev.zaileys.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.baileys.BaileysDriver;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge bench runs end to end on a few rounds (its numbers come from `zaileys bench-bridge`). */
class BridgeBenchTest {

    @TempDir
    Path dir;

    @Test
    void runsAndReportsEveryRate() {
        BaileysDriver driver = BaileysDriver.builder().cacheDir(Path.of("target", "driver-cache")).build();
        BridgeBench.Result r = BridgeBench.run(driver, dir, 10, 50);
        assertThat(r.bridgeSignalPerSec()).isPositive();
        assertThat(r.inProcessSignalPerSec()).isPositive();
        assertThat(r.keysSqlitePerSec()).isPositive();
        assertThat(r.keysMemoryPerSec()).isPositive();
        assertThat(r.keyCallsPerRound()).as("each round trip reads and writes keys through the bridge").isGreaterThanOrEqualTo(4);
    }
}
