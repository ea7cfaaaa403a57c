package io.roadmirror.faults;

import io.roadmirror.ingest.DeadLetters;
import io.roadmirror.model.Hotspot;
import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentStatus;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.model.SegmentState;
import io.roadmirror.testing.Consume;
import io.roadmirror.topics.Topic;
import io.roadmirror.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What one run of the pipeline published, read with a read_committed consumer to the end of every
 * output topic, and compared with another run on the same input. The comparison is the one the
 * contract makes: no advisory and no detected incident twice, the same hotspots and the same final
 * state per segment (congestion equal, values within rounding), the same dead letters.
 */
record RunOutputs(
        Map<String, SegmentState> finalMirror,
        Map<String, List<SegmentState>> mirrorHistory,
        Map<String, Hotspot> finalHotspots,
        Map<String, Integer> advisoryIds,
        Map<String, Integer> detectedOpenings,
        Map<String, Integer> deadLetters,
        Map<String, Integer> deadLetteredInputs,
        long inputRecords,
        int mirrorRecords) {
    /** km/h: the pipeline rounds speeds to 0.1; two runs that fused the same readings agree within that. */
    static final double SPEED_TOLERANCE = 0.11;
    /** Vehicles per hour, rounded to 1. */
    static final double FLOW_TOLERANCE = 1.01;
    /** Per cent, rounded to 0.1. */
    static final double OCCUPANCY_TOLERANCE = 0.11;

    static RunOutputs read(String bootstrap, Topics topics, long inputRecords, Duration timeout) {
        List<ConsumerRecord<String, SegmentState>> mirror = all(bootstrap, topics.mirrorSegments, timeout);
        Map<String, SegmentState> finalMirror = new TreeMap<>();
        Map<String, List<SegmentState>> history = new TreeMap<>();
        mirror.forEach(r -> {
            finalMirror.put(r.key(), r.value());
            history.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
        });
        Map<String, Hotspot> finalHotspots = new TreeMap<>();
        all(bootstrap, topics.incidentHotspots, timeout).forEach(r -> finalHotspots.put(r.key(), r.value()));
        Map<String, Integer> advisoryIds = new TreeMap<>();
        for (ConsumerRecord<String, RoutingAdvisory> r : all(bootstrap, topics.routingAdvisories, timeout)) {
            advisoryIds.merge(r.value().getAdvisoryId(), 1, Integer::sum);
        }
        Map<String, Integer> detected = new TreeMap<>();
        for (ConsumerRecord<String, IncidentReport> r : all(bootstrap, topics.incidentReports, timeout)) {
            if (r.value() != null
                    && r.value().getSource() == IncidentSource.DETECTED
                    && r.value().getStatus() == IncidentStatus.OPEN) {
                detected.merge(r.value().getIncidentId(), 1, Integer::sum);
            }
        }
        Map<String, Integer> letters = new TreeMap<>();
        Map<String, Integer> inputs = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : Consume.all(
                bootstrap, DeadLetters.TOPIC, new ByteArrayDeserializer(), new ByteArrayDeserializer(), timeout)) {
            // Offsets differ between clusters (each gateway has its own producer): across runs a dead letter is known
            // by its
            // reason and bytes, and the same bytes may come more than once (a sensor's garbage is always the same).
            String id = DeadLetters.header(r.headers(), DeadLetters.REASON) + " "
                    + DeadLetters.header(r.headers(), DeadLetters.SOURCE_TOPIC) + " " + Arrays.hashCode(r.key()) + "/"
                    + Arrays.hashCode(r.value());
            letters.merge(id, 1, Integer::sum);
            // Within one run an input is known by where it was read: dead-lettered twice is the same position twice.
            inputs.merge(
                    DeadLetters.header(r.headers(), DeadLetters.SOURCE_TOPIC) + "-"
                            + DeadLetters.header(r.headers(), DeadLetters.SOURCE_PARTITION) + "@"
                            + DeadLetters.header(r.headers(), DeadLetters.SOURCE_OFFSET),
                    1,
                    Integer::sum);
        }
        return new RunOutputs(
                finalMirror,
                history,
                finalHotspots,
                advisoryIds,
                detected,
                letters,
                inputs,
                inputRecords,
                mirror.size());
    }

    /**
     * Waits until every partition of {@code mirror.segments} holds a state evaluated after {@code until}: a segment task
     * evaluates its segments in grid order and publishes each evaluation's changes in one transaction, so from then on
     * every state as of {@code until} is committed. How long that takes after the input ends depends on the machine (the
     * sources turn idle, then their clock runs on at wall-clock speed), so the test follows the pipeline, not the clock.
     */
    static void awaitEvaluatedPast(String bootstrap, Topics topics, Instant until, Duration timeout) {
        int partitions = partitionCount(bootstrap, topics.mirrorSegments.name());
        Map<Integer, Long> newestByPartition = new HashMap<>();
        int[] read = {0};
        Consume.until(
                bootstrap,
                topics.mirrorSegments.name(),
                topics.mirrorSegments.keySerde().deserializer(),
                topics.mirrorSegments.valueSerde().deserializer(),
                seen -> {
                    for (; read[0] < seen.size(); read[0]++) {
                        ConsumerRecord<String, SegmentState> r = seen.get(read[0]);
                        newestByPartition.merge(
                                r.partition(), r.value().getAsOf().toEpochMilli(), Math::max);
                    }
                    return newestByPartition.size() == partitions
                            && newestByPartition.values().stream().allMatch(asOf -> asOf > until.toEpochMilli());
                },
                timeout);
    }

    private static int partitionCount(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(props)) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .size();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe " + topic, e);
        }
    }

    /**
     * What arrived on topics only gateways write (incident.reports also holds what the pipeline detects, in
     * transactions whose markers take offsets): the sum of their end offsets.
     */
    static long inputCount(String bootstrap, List<String> gatewayOnlyTopics) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(gatewayOnlyTopics)
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((name, d) -> d.partitions()
                            .forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(i -> i.offset())
                    .sum();
        }
    }

    private static <V> List<ConsumerRecord<String, V>> all(String bootstrap, Topic<String, V> topic, Duration timeout) {
        return Consume.all(
                bootstrap,
                topic.name(),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer(),
                timeout);
    }

    /** Keys seen more than once: each must be empty. */
    static List<String> twice(Map<String, Integer> counts) {
        return counts.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " x" + e.getValue())
                .toList();
    }

    /** What differs from the uninterrupted run, one line per difference (empty: the same outcome). */
    List<String> differencesFrom(RunOutputs reference) {
        List<String> differences = new ArrayList<>();
        if (inputRecords != reference.inputRecords) {
            differences.add("input records: " + inputRecords + " here, " + reference.inputRecords
                    + " in the uninterrupted run");
        }
        if (!finalMirror.keySet().equals(reference.finalMirror.keySet())) {
            differences.add("segments in the mirror: " + finalMirror.size() + " here, " + reference.finalMirror.size()
                    + " in the uninterrupted run");
        }
        Map<String, String> hotspots = levels(finalHotspots);
        Map<String, String> expectedHotspots = levels(reference.finalHotspots);
        if (!hotspots.equals(expectedHotspots)) {
            differences.add("hotspots: " + hotspots + ", uninterrupted " + expectedHotspots);
        }
        if (!detectedOpenings.keySet().equals(reference.detectedOpenings.keySet())) {
            differences.add("detected incidents: " + detectedOpenings.keySet() + ", uninterrupted "
                    + reference.detectedOpenings.keySet());
        }
        if (!deadLetters.equals(reference.deadLetters)) {
            differences.add("dead letters: " + deadLetters.size() + " distinct here, " + reference.deadLetters.size()
                    + " in the uninterrupted run");
        }
        return differences;
    }

    /**
     * Segments whose state as of {@code until} (the last one published with an asOf at or before it) differs from the
     * uninterrupted run's (congestion, speed, flow or occupancy beyond rounding, sensors or probe vehicles). As of a time
     * both runs have evaluated ({@link #awaitEvaluatedPast}), not the last state read: after the input ends, how far an
     * idle source's clock has moved on depends on the wall clock.
     */
    List<String> mirrorDifferences(RunOutputs reference, Instant until) {
        List<String> differences = new ArrayList<>();
        reference.mirrorHistory.forEach((segment, states) -> {
            SegmentState expected = asOf(states, until);
            SegmentState actual = asOf(mirrorHistory.getOrDefault(segment, List.of()), until);
            if (expected != null && actual != null && !sameWithinRounding(actual, expected)) {
                differences.add("segment " + segment + " as of " + until + ": " + summary(actual) + ", uninterrupted "
                        + summary(expected));
            }
        });
        return differences;
    }

    private static SegmentState asOf(List<SegmentState> states, Instant until) {
        SegmentState found = null;
        for (SegmentState state : states) {
            if (!state.getAsOf().isAfter(until)) {
                found = state;
            }
        }
        return found;
    }

    /**
     * Per segment whose published states are not the uninterrupted run's, the first state where they part: the mirror
     * publishes a segment's state at event times it evaluated, so two runs of an event-time mirror publish the same
     * sequence; where they part says which input or fault made the difference. Sorted by that event time.
     */
    List<String> firstDivergences(RunOutputs reference) {
        record Divergence(long at, String line) {}
        List<Divergence> found = new ArrayList<>();
        reference.mirrorHistory.forEach((segment, expected) -> {
            List<SegmentState> actual = mirrorHistory.getOrDefault(segment, List.of());
            int i = 0;
            while (i < expected.size() && i < actual.size() && expected.get(i).equals(actual.get(i))) {
                i++;
            }
            if (i < expected.size() || i < actual.size()) {
                SegmentState here = i < actual.size() ? actual.get(i) : null;
                SegmentState there = i < expected.size() ? expected.get(i) : null;
                long at = Math.min(
                        here == null ? Long.MAX_VALUE : here.getAsOf().toEpochMilli(),
                        there == null ? Long.MAX_VALUE : there.getAsOf().toEpochMilli());
                found.add(new Divergence(
                        at,
                        segment + " from state " + (i + 1) + " of " + actual.size() + " (uninterrupted "
                                + expected.size() + "): " + brief(here) + ", uninterrupted " + brief(there)));
            }
        });
        return found.stream()
                .sorted(Comparator.comparingLong(Divergence::at))
                .map(Divergence::line)
                .toList();
    }

    private static String brief(SegmentState s) {
        return s == null
                ? "none"
                : s.getAsOf() + " " + s.getCongestion() + " " + s.getSpeedKph() + " km/h, " + s.getSensorsReporting()
                        + " sensors, " + s.getProbeVehicles() + " probes";
    }

    /** Advisory ids here and not in the uninterrupted run, or the reverse (they depend on intermediate states). */
    List<String> advisoryDifferences(RunOutputs reference) {
        List<String> differences = new ArrayList<>();
        advisoryIds.keySet().stream()
                .filter(id -> !reference.advisoryIds.containsKey(id))
                .forEach(id -> differences.add("+" + id));
        reference.advisoryIds.keySet().stream()
                .filter(id -> !advisoryIds.containsKey(id))
                .forEach(id -> differences.add("-" + id));
        return differences;
    }

    private static Map<String, String> levels(Map<String, Hotspot> hotspots) {
        Map<String, String> levels = new HashMap<>();
        hotspots.forEach((segment, h) -> levels.put(segment, h.getLevel() + "/" + h.getIncidentCount()));
        return levels;
    }

    /** The contract's "congestion level equal, values within rounding", and the same sensors and probe vehicles. */
    private static boolean sameWithinRounding(SegmentState a, SegmentState b) {
        return a.getCongestion() == b.getCongestion()
                && close(a.getSpeedKph(), b.getSpeedKph(), SPEED_TOLERANCE)
                && close(a.getFlowVehPerHour(), b.getFlowVehPerHour(), FLOW_TOLERANCE)
                && close(a.getOccupancyPct(), b.getOccupancyPct(), OCCUPANCY_TOLERANCE)
                && a.getSensorsReporting() == b.getSensorsReporting()
                && a.getProbeVehicles() == b.getProbeVehicles();
    }

    private static String summary(SegmentState s) {
        return s.getCongestion() + " " + s.getSpeedKph() + " km/h, " + s.getFlowVehPerHour() + " veh/h, "
                + s.getOccupancyPct() + " %, " + s.getSensorsReporting() + " sensors, " + s.getProbeVehicles()
                + " probes";
    }

    private static boolean close(Double a, Double b, double tolerance) {
        return Objects.equals(a, b) || (a != null && b != null && Math.abs(a - b) <= tolerance);
    }
}
