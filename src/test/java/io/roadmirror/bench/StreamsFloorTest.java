package io.roadmirror.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roadmirror.model.VehiclePosition;
import io.roadmirror.testing.InMemorySchemaRegistry;
import io.roadmirror.testing.TestRecords;
import io.roadmirror.topics.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Streams floor does what it says: positions keyed by vehicle in, a count per segment out. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamsFloorTest {
    @TempDir
    Path state;

    @Test
    void itCountsPositionsPerSegmentAfterRepartitioningThem() {
        Topics topics = new Topics(new InMemorySchemaRegistry(), true);
        Properties props =
                StreamsFloor.streamsConfig("unused:9092", "floor-test", "exactly_once_v2", state.toString(), 1, 100);
        try (TopologyTestDriver driver =
                new TopologyTestDriver(StreamsFloor.topology(topics.vehiclePositions), props, TestRecords.T0)) {
            TestInputTopic<String, VehiclePosition> in = driver.createInputTopic(
                    topics.vehiclePositions.name(),
                    new StringSerializer(),
                    topics.vehiclePositions.valueSerde().serializer());
            TestOutputTopic<String, Long> out = driver.createOutputTopic(
                    StreamsFloor.OUTPUT_TOPIC, new StringDeserializer(), new LongDeserializer());
            String[] segments = {"E001", "W001", "E001", "E001", "W001"};
            for (int i = 0; i < segments.length; i++) {
                in.pipeInput(
                        "cv-" + i,
                        new VehiclePosition("cv-" + i, segments[i], TestRecords.T0.plusSeconds(i), 90.0, 10.0, 1),
                        TestRecords.T0.plusSeconds(i));
            }
            Map<String, Long> counts = out.readKeyValuesToMap();
            assertEquals(Map.of("E001", 3L, "W001", 2L), counts);
        }
    }
}
