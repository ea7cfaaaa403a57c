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

    private static Metric value(double v) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                return null;
            }

            @Override
            public Object metricValue() {
                return v;
            }
        };
    }

    @Test
    void eachPartitionHasTheLagItsConsumerLastReported() {
        Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        metrics.put(lag("thread-1-consumer", "sensor.readings", 0), value(0));
        metrics.put(lag("thread-1-consumer", "vehicle.positions", 0), value(1_200));
        metrics.put(lag("thread-2-consumer", "sensor.readings", 1), value(Double.NaN));
        metrics.put(new MetricName("records-lag-max", InputLags.FETCH_GROUP, "", Map.of("client-id", "x")), value(9));
        InputLags lags = new InputLags();
        assertFalse(lags.reporting(), "nothing known before the first refresh");
        lags.refresh(metrics);

        assertTrue(lags.reporting());
        assertEquals(0L, lags.lag("sensor.readings", 0));
        assertEquals(1_200L, lags.lag("vehicle.positions", 0), "1,200 records on the broker not fetched yet");
        assertNull(lags.lag("sensor.readings", 1), "not known yet");
        assertNull(lags.lag("incident.reports", 0), "not fetched yet");

        metrics.put(lag("thread-1-consumer", "vehicle.positions", 0), value(0));
        lags.refresh(metrics);
        assertEquals(0L, lags.lag("vehicle.positions", 0), "fetched since");
    }

    @Test
    void attachedMetricsAreReadWhenALagIsAskedForAndAtMostOncePerMaxAge() {
        Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        metrics.put(lag("thread-1-consumer", "sensor.readings", 0), value(300));
        int[] reads = {0};
        long[] now = {0};
        InputLags lags = new InputLags();
        lags.readFrom(
                () -> {
                    reads[0]++;
                    return metrics;
                },
                () -> now[0]);
        assertEquals(0, reads[0], "nothing read until someone asks: a backlog never does");

        assertTrue(lags.reporting());
        assertEquals(300L, lags.lag("sensor.readings", 0));
        assertEquals(1, reads[0], "one read serves every question within the max age");

        metrics.put(lag("thread-1-consumer", "sensor.readings", 0), value(0));
        now[0] += InputLags.MAX_AGE.toNanos() - 1;
        assertEquals(300L, lags.lag("sensor.readings", 0), "still fresh enough");
        now[0] += 1;
        assertEquals(0L, lags.lag("sensor.readings", 0), "read again once stale");
        assertEquals(2, reads[0]);
    }
}
