package dev.zaileys.baileys;

import java.nio.file.Path;

/**
 * The driver the tests run: installed with {@code npm ci} into this module's {@code target}, so a
 * clean build proves the install from the pinned lock file, as a first use on a user's machine does.
 */
final class TestDriver {

    private static final BaileysDriver SHARED = BaileysDriver.builder()
            .cacheDir(Path.of("target", "driver-cache")).build();

    private TestDriver() {}

    static BaileysDriver shared() {
        SHARED.install();
        return SHARED;
    }
}
