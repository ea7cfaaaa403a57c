package io.roadmirror.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.network.SampleCity;
import io.roadmirror.testing.PipelineTestDriver;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PipelineTopologyTest {
    @Test
    void theTopologyBuildsWithNamedProcessorsAndStores() {
        try (PipelineTestDriver ttd = new PipelineTestDriver(SampleCity.generate(), Instant.parse("2026-03-15T08:00:00Z"))) {
            String description = ttd.topology.describe().toString();
            System.out.println(description);
            assertTrue(description.contains("validate-sensor-readings"), description);
            assertTrue(description.contains("mirror-fusion"), description);
        }
    }
}
