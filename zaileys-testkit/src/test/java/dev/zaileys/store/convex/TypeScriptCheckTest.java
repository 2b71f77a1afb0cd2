package dev.zaileys.store.convex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zaileys.testing.TestConvex;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code tsc} over examples/convex/*.ts against the pinned convex package ({@code npm run typecheck}). */
class TypeScriptCheckTest {

    @Test
    void convexFunctionsTypeCheck() {
        TestConvex.ensureInstalled();
        TestConvex.Result r = TestConvex.run(TestConvex.serverDir(), Duration.ofMinutes(3), TestConvex.npm(), "run", "--silent", "typecheck");
        assertThat(r.exit()).as("npm run typecheck:\n" + r.output()).isZero();
    }
}
