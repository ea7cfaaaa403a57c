package io.roadmirror.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Whether this instance has fetched everything the broker holds of an input partition, as its
 * consumers report it (their {@code records-lag} metric). A source task that has had no input for a
 * while is idle only if its partitions are also caught up: quiet alone is no proof, a task whose next
 * records are still being fetched is quiet too. A partition the consumers say nothing about yet (not
 * fetched since it was assigned) has an unknown lag: its task decides how long to wait for it. Without
 * any metrics at all (a TopologyTestDriver, where nothing is ever fetched) nothing is
 * {@link #reporting()}.
 *
 * <p>Finding the lag metrics means copying every metric of the client ({@code KafkaStreams#metrics}
 * builds a map of thousands: every task, processor and store has its own), which took tens of
 * milliseconds. So the metrics are <em>found</em> rarely, at most every {@link #RESCAN_EVERY}, or
 * sooner for a partition not found yet (at most every {@link #MAX_AGE}), or when a task asks for it
 * ({@link #rescanSoon}, a task just assigned); between scans the metrics found are read directly,
 * each a value its consumer keeps. Copying the whole map five times a second cost 7 % of the
 * pipeline's CPU in the connected drain (and 6 % on a thread of its own before that).
 */
public final class InputLags {
    static final String LAG_METRIC = "records-lag";
    static final String FETCH_GROUP = "consumer-fetch-manager-metrics";

    /** How often a partition not found among the metrics is looked for again. */
    public static final Duration MAX_AGE = Duration.ofMillis(200);
    /**
     * How often the metrics are found again anyway: a partition that moved between this instance's consumers (its
     * task closed and reopened) gets a new metric, and its task asks for a scan when it opens.
     */
    public static final Duration RESCAN_EVERY = Duration.ofSeconds(5);

    /** A consumer's lag metric of one partition. */
    private record Reported(String clientId, Metric metric) {
        /** Whether {@code consumer} (a client id; null: any consumer) reported it. */
        boolean by(String consumer) {
            return consumer == null || consumer.equals(clientId);
        }
    }

    /** The lag metrics per partition (several consumers may have reported one). */
    private volatile Map<String, List<Reported>> found = Map.of();
    /** Lags set by hand (tests), over what the metrics say. */
    private volatile Map<String, Long> set = Map.of();

    private volatile boolean reporting;
    private Supplier<? extends Map<MetricName, ? extends Metric>> metrics;
    private LongSupplier nanoClock = System::nanoTime;
    private long scannedAtNanos;
    private boolean rescanRequested;

    /** Where lags are read from when asked for (e.g. {@code KafkaStreams#metrics}). */
    public synchronized void readFrom(Supplier<? extends Map<MetricName, ? extends Metric>> metrics) {
        readFrom(metrics, System::nanoTime);
    }

    synchronized void readFrom(Supplier<? extends Map<MetricName, ? extends Metric>> metrics, LongSupplier nanoClock) {
        this.metrics = metrics;
        this.nanoClock = nanoClock;
    }

    /** The partition's lag as last fetched by any of this instance's consumers, or null when none reported one (yet). */
    public Long lag(String topic, int partition) {
        return lag(topic, partition, null);
    }

    /**
     * The partition's lag as {@code consumer} (a client id; null: any) last fetched it, or null when it has not
     * reported one (yet). A partition moved between two threads of one instance has a metric in each consumer; the one
     * that gave it up keeps its last value (often 0), which would say the new owner is caught up before it fetched.
     */
    public Long lag(String topic, int partition, String consumer) {
        String key = key(topic, partition);
        Long manual = set.get(key);
        if (manual != null) {
            return manual;
        }
        // Missing: not found yet, or not by the consumer asked about (it took the partition over since the last scan).
        scanIfDue(!reportedBy(found.get(key), consumer));
        List<Reported> reported = found.get(key);
        return reported == null ? null : valueOf(reported, consumer);
    }

    private static boolean reportedBy(List<Reported> reported, String consumer) {
        if (reported == null) {
            return false;
        }
        for (Reported r : reported) {
            if (r.by(consumer)) {
                return true;
            }
        }
        return false;
    }

    /** Whether lags are reported at all: false until metrics came, and where nothing is fetched (tests). */
    public boolean reporting() {
        if (!reporting) {
            scanIfDue(true);
        }
        return reporting;
    }

    /** The metrics are found again at the next question (a task was just assigned: its partitions' may be new). */
    public synchronized void rescanSoon() {
        rescanRequested = true;
    }

    private static Long valueOf(List<Reported> reported, String consumer) {
        Long lag = null;
        for (Reported r : reported) {
            if (r.by(consumer) && r.metric().metricValue() instanceof Double value && !value.isNaN()) {
                lag = lag == null ? value.longValue() : Math.max(lag, value.longValue());
            }
        }
        return lag;
    }

    private synchronized void scanIfDue(boolean missing) {
        if (metrics == null) {
            return;
        }
        long now = nanoClock.getAsLong();
        long since = now - scannedAtNanos;
        boolean due = !reporting
                || rescanRequested
                || since >= RESCAN_EVERY.toNanos()
                || missing && since >= MAX_AGE.toNanos();
        if (due) {
            scan(metrics.get());
            scannedAtNanos = now;
            rescanRequested = false;
        }
    }

    /** Finds the consumers' per-partition lag metrics among the client's metrics (e.g. {@code KafkaStreams#metrics()}). */
    public void scan(Map<MetricName, ? extends Metric> metrics) {
        Map<String, List<Reported>> next = new HashMap<>();
        metrics.forEach((name, metric) -> {
            if (LAG_METRIC.equals(name.name()) && FETCH_GROUP.equals(name.group())) {
                String topic = name.tags().get("topic");
                String partition = name.tags().get("partition");
                if (topic != null && partition != null) {
                    next.computeIfAbsent(key(topic, Integer.parseInt(partition)), k -> new ArrayList<>(1))
                            .add(new Reported(name.tags().get("client-id"), metric));
                }
            }
        });
        found = Map.copyOf(next);
        reporting = true;
    }

    /** Sets one partition's lag (tests). */
    public void set(String topic, int partition, long lag) {
        Map<String, Long> next = new HashMap<>(set);
        next.put(key(topic, partition), lag);
        set = Map.copyOf(next);
        reporting = true;
    }

    private static String key(String topic, int partition) {
        return topic + '-' + partition;
    }
}
