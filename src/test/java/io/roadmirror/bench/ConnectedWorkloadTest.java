package io.roadmirror.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.VehiclePosition;
import io.roadmirror.testing.InMemorySchemaRegistry;
import io.roadmirror.topics.TopicCatalog;
import io.roadmirror.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The connected vehicles as the benchmark sends them: positions only, and a mark on each report that completes a crash. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectedWorkloadTest {
    @Test
    void theReportsThatCompleteCrashesAreMarkedWithTheirSegmentAndEventTime() {
        Topics topics = new Topics(new InMemorySchemaRegistry(), true);
        BenchSettings.Connected sizes = new BenchSettings.Connected(
                300, 3, Duration.ofSeconds(20), Duration.ofMinutes(3), 200, List.of(2), 500, Duration.ofSeconds(5));
        ConnectedWorkload w = new ConnectedWorkload(sizes, 5, topics);
        var decode = topics.vehiclePositions.valueSerde().deserializer();
        List<BenchWorkload.CrashMark> marks = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < 300 * 20; i++) { // 10 minutes of event time
            ProducerRecord<String, byte[]> record = w.next();
            VehiclePosition p = decode.deserialize(record.topic(), record.value());
            assertEquals(TopicCatalog.VEHICLE_POSITIONS.name(), record.topic());
            assertEquals(p.getVehicleId(), record.key(), "keyed by vehicle, as a gateway sends it");
            assertEquals(p.getEventTime().toEpochMilli(), w.now());
            assertTrue(w.now() >= previous);
            previous = w.now();
            BenchWorkload.CrashMark mark = w.completedCrash();
            if (mark != null) {
                assertEquals(0.0, p.getSpeedKph(), "a crash completes with a stopped report");
                assertEquals(p.getSegmentId(), mark.segmentId());
                assertEquals(
                        "det-" + p.getSegmentId() + "-" + p.getEventTime().toEpochMilli(), mark.expectedIncidentId());
                marks.add(mark);
            }
        }
        assertTrue(marks.size() >= 15, "a crash staged every 20 s completes about 2 minutes later: " + marks.size());
        assertEquals(
                marks.size(),
                marks.stream().map(BenchWorkload.CrashMark::crashId).distinct().count(),
                "each crash completes once");
        assertEquals(Map.of(TopicCatalog.VEHICLE_POSITIONS.name(), 300L * 20), w.producedByTopic());
        assertEquals(TopicCatalog.VEHICLE_POSITIONS.name(), w.baselineTopic());
        assertThrows(IllegalArgumentException.class, () -> w.next(TopicCatalog.SENSOR_READINGS.name()));
    }
}
