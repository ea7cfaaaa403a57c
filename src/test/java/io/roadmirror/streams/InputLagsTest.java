package io.roadmirror.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class InputLagsTest {
    private static MetricName lag(String client, String topic, int partition) {
        return new MetricName(
                InputLags.LAG_METRIC,
                InputLags.FETCH_GROUP,
                "",
                Map.of("client-id", client, "topic", topic, "partition", Integer.toString(partition)));
    }

    /** A consumer's metric: one object whose value changes, as Kafka's are. */
    private static final class Value implements Metric {
        double v;

        Value(double v) {
            this.v = v;
        }

        @Override
        public MetricName metricName() {
            return null;
        }

        @Override
        public Object metricValue() {
            return v;
        }
    }

    private static Value value(double v) {
        return new Value(v);
    }

    /** Lags read from {@code metrics}, counting the scans in {@code scans[0]}, on a clock that reads {@code now[0]}. */
    private static InputLags counting(Map<MetricName, Metric> metrics, int[] scans, long[] now) {
        InputLags lags = new InputLags();
        lags.readFrom(
                () -> {
                    scans[0]++;
                    return metrics;
                },
                () -> now[0]);
        return lags;
    }

    @Test
    void eachPartitionHasTheLagItsConsumerLastReported() {
        Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        Value positions = value(1_200);
        metrics.put(lag("thread-1-consumer", "sensor.readings", 0), value(0));
        metrics.put(lag("thread-1-consumer", "vehicle.positions", 0), positions);
        metrics.put(lag("thread-2-consumer", "sensor.readings", 1), value(Double.NaN));
        metrics.put(new MetricName("records-lag-max", InputLags.FETCH_GROUP, "", Map.of("client-id", "x")), value(9));
        InputLags lags = new InputLags();
        assertFalse(lags.reporting(), "nothing known before the first scan");
        lags.scan(metrics);

        assertTrue(lags.reporting());
        assertEquals(0L, lags.lag("sensor.readings", 0));
        assertEquals(1_200L, lags.lag("vehicle.positions", 0), "1,200 records on the broker not fetched yet");
        assertNull(lags.lag("sensor.readings", 1), "not known yet");
        assertNull(lags.lag("incident.reports", 0), "not fetched yet");

        positions.v = 0;
        assertEquals(0L, lags.lag("vehicle.positions", 0), "fetched since: read from the metric, no scan needed");
    }

    @Test
    void aPartitionMovedBetweenThreadsHasTheLagOfTheConsumerThatOwnsItNow() {
        // Thread 1 gave vehicle.positions-0 up caught up; its metric keeps saying 0. Thread 2 owns it now and has not
        // fetched it yet: whether its task is caught up is not known, whatever thread 1 last said.
        Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        metrics.put(lag("app-StreamThread-1-consumer", "vehicle.positions", 0), value(0));
        InputLags lags = new InputLags();
        lags.scan(metrics);
        assertEquals(0L, lags.lag("vehicle.positions", 0), "any consumer's word");
        assertEquals(0L, lags.lag("vehicle.positions", 0, "app-StreamThread-1-consumer"));
        assertNull(lags.lag("vehicle.positions", 0, "app-StreamThread-2-consumer"), "its owner has not reported yet");

        metrics.put(lag("app-StreamThread-2-consumer", "vehicle.positions", 0), value(4_000));
        lags.scan(metrics);
        assertEquals(
                4_000L, lags.lag("vehicle.positions", 0, "app-StreamThread-2-consumer"), "its owner's first fetch");
        assertEquals(4_000L, lags.lag("vehicle.positions", 0), "any consumer's word: the highest");
    }

    @Test
    void theMetricsAreFoundRarelyAndTheirValuesReadEveryTime() {
        Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        Value readings = value(300);
        metrics.put(lag("thread-1-consumer", "sensor.readings", 0), readings);
        int[] scans = {0};
        long[] now = {0};
        InputLags lags = counting(metrics, scans, now);
        assertEquals(0, scans[0], "nothing read until someone asks");

        assertTrue(lags.reporting());
        assertEquals(300L, lags.lag("sensor.readings", 0));
        readings.v = 0;
        now[0] += InputLags.MAX_AGE.toNanos();
        assertEquals(0L, lags.lag("sensor.readings", 0), "the value is the consumer's latest");
        assertEquals(1, scans[0], "one scan serves every question until a rescan is due");

        assertNull(lags.lag("vehicle.positions", 0), "not among the metrics");
        assertEquals(2, scans[0], "a partition not found is looked for again, at most once per max age");
        assertNull(lags.lag("vehicle.positions", 0));
        assertEquals(2, scans[0]);

        // A partition assigned since: its task asks for a scan when it opens.
        metrics.put(lag("thread-2-consumer", "vehicle.positions", 0), value(5));
        lags.rescanSoon();
        assertEquals(5L, lags.lag("vehicle.positions", 0));
        assertEquals(3, scans[0]);

        // A partition that moved to another consumer of this instance has a new metric: found at the next rescan.
        Value moved = value(40);
        metrics.put(lag("thread-1-consumer", "sensor.readings", 0), moved);
        now[0] += InputLags.RESCAN_EVERY.toNanos();
        assertEquals(40L, lags.lag("sensor.readings", 0));
        assertEquals(4, scans[0]);
    }

    @Test
    void aPartitionItsNewOwnerHasNotReportedIsLookedForAgainSoon() {
        // Thread 1 reported the partition; thread 2 took it over since, and its first fetch lands after the first scan.
        Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        metrics.put(lag("thread-1-consumer", "vehicle.positions", 0), value(0));
        int[] scans = {0};
        long[] now = {0};
        InputLags lags = counting(metrics, scans, now);
        assertNull(lags.lag("vehicle.positions", 0, "thread-2-consumer"));
        assertEquals(1, scans[0]);

        metrics.put(lag("thread-2-consumer", "vehicle.positions", 0), value(700));
        now[0] += InputLags.MAX_AGE.toNanos();
        assertEquals(
                700L,
                lags.lag("vehicle.positions", 0, "thread-2-consumer"),
                "found within a max age, not at the next periodic rescan, although another consumer had reported it");
        assertEquals(2, scans[0]);
        assertEquals(700L, lags.lag("vehicle.positions", 0, "thread-2-consumer"));
        assertEquals(2, scans[0], "found: read from the metric, no scan needed");
    }
}
