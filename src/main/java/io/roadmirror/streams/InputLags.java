package io.roadmirror.streams;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Whether this instance has fetched everything the broker holds of an input partition, as its
 * consumers report it (their {@code records-lag} metric). Read on demand, at most every
 * {@link #MAX_AGE}, from the metrics {@link #readFrom attached}: only a source whose stream time has
 * stood still asks, so a backlog, where no source ever does, pays nothing. (Copying every metric of
 * the client five times a second on a thread of its own cost 5.6 % of the pipeline's CPU in the
 * connected drain.) A source task that has had no input for a while is idle only if its partitions are also
 * caught up: quiet alone is no proof, a task whose next records are still being fetched is quiet too.
 * A partition the consumers say nothing about yet (not fetched since it was assigned) has an unknown
 * lag: its task decides how long to wait for it. Without any metrics at all (a TopologyTestDriver,
 * where nothing is ever fetched) nothing is {@link #reporting()}.
 */
public final class InputLags {
    static final String LAG_METRIC = "records-lag";
    static final String FETCH_GROUP = "consumer-fetch-manager-metrics";

    /** How stale a lag may be when it is asked for. */
    public static final Duration MAX_AGE = Duration.ofMillis(200);

    private volatile Map<String, Long> lags = Map.of();
    private volatile boolean reporting;
    private Supplier<? extends Map<MetricName, ? extends Metric>> metrics;
    private LongSupplier nanoClock = System::nanoTime;
    private long refreshedAtNanos;

    /** Where lags are read from when asked for (e.g. {@code KafkaStreams#metrics}). */
    public synchronized void readFrom(Supplier<? extends Map<MetricName, ? extends Metric>> metrics) {
        readFrom(metrics, System::nanoTime);
    }

    synchronized void readFrom(Supplier<? extends Map<MetricName, ? extends Metric>> metrics, LongSupplier nanoClock) {
        this.metrics = metrics;
        this.nanoClock = nanoClock;
    }

    /** The partition's lag as last fetched, or null when its consumer has not reported one (yet). */
    public Long lag(String topic, int partition) {
        refreshIfStale();
        return lags.get(key(topic, partition));
    }

    /** Whether lags are reported at all: false until metrics came, and where nothing is fetched (tests). */
    public boolean reporting() {
        refreshIfStale();
        return reporting;
    }

    private synchronized void refreshIfStale() {
        if (metrics == null) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (reporting && now - refreshedAtNanos < MAX_AGE.toNanos()) {
            return;
        }
        refresh(metrics.get());
        refreshedAtNanos = now;
    }

    /** Reads the consumers' per-partition lag from the client's metrics (e.g. {@code KafkaStreams#metrics()}). */
    public void refresh(Map<MetricName, ? extends Metric> metrics) {
        Map<String, Long> next = new HashMap<>();
        metrics.forEach((name, metric) -> {
            if (LAG_METRIC.equals(name.name()) && FETCH_GROUP.equals(name.group())) {
                String topic = name.tags().get("topic");
                String partition = name.tags().get("partition");
                if (topic != null && partition != null && metric.metricValue() instanceof Double lag && !lag.isNaN()) {
                    next.merge(key(topic, Integer.parseInt(partition)), lag.longValue(), Math::max);
                }
            }
        });
        lags = Map.copyOf(next);
        reporting = true;
    }

    /** Sets one partition's lag (tests). */
    public void set(String topic, int partition, long lag) {
        Map<String, Long> next = new HashMap<>(lags);
        next.put(key(topic, partition), lag);
        lags = Map.copyOf(next);
        reporting = true;
    }

    private static String key(String topic, int partition) {
        return topic + '-' + partition;
    }
}
