package io.roadmirror.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The harness itself: a dead letter no test asked for fails the test instead of passing as "emits nothing". */
@Timeout(60)
class PipelineTestDriverTest {
    private static final Instant T0 = Instant.parse("2026-03-15T08:00:00Z");

    @Test
    void anUnreadDeadLetterFailsTheTestAtClose() {
        PipelineTestDriver ttd = new PipelineTestDriver(TestNetworks.triangle(), T0);
        ttd.pipeRaw(
                "sensor.readings", "s-1".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8));
        AssertionError e = assertThrows(AssertionError.class, ttd::close);
        assertTrue(e.getMessage().contains("DESERIALIZATION"), e.getMessage());
    }

    @Test
    void aDeadLetterTheTestReadsIsExpected() {
        try (PipelineTestDriver ttd = new PipelineTestDriver(TestNetworks.triangle(), T0)) {
            ttd.pipeRaw(
                    "sensor.readings",
                    "s-1".getBytes(StandardCharsets.UTF_8),
                    "not avro".getBytes(StandardCharsets.UTF_8));
            assertEquals(1, ttd.readDeadLetters().size());
        }
    }
}
