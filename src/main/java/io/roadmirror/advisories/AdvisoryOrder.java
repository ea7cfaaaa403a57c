package io.roadmirror.advisories;

import io.roadmirror.mirror.Watermark;
import io.roadmirror.state.AdvisoryEvent;
import io.roadmirror.state.MirrorClock;
import io.roadmirror.state.RoutingChange;
import io.roadmirror.state.UpstreamProgress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The advisories' second watermark: what every segment partition sends (its segments' transitions and
 * new routing times, the hotspots they became, and how far it has evaluated) waits here until every partition has evaluated
 * past its time, and is then taken in one order that only the event times decide: by time; within a
 * time first every segment's routing time, then the conditions to judge; then by segment, and within a
 * segment in the order its partition sent. A detour judged at time T therefore routes over every
 * segment's state as of T, whichever partition ran ahead and however fast the input came.
 */
final class AdvisoryOrder {
    /** Within one time, routing times are taken first, then what is judged. */
    enum Phase {
        ROUTING,
        JUDGING
    }

    /** An event due, in its phase. */
    record Due(Phase phase, String segmentId, AdvisoryEvent event) {}

    static final String CLOCK_KEY = "clock";

    private final KeyValueStore<Bytes, AdvisoryEvent> waiting;
    private final KeyValueStore<String, MirrorClock> clocks;
    private MirrorClock clock;
    private long through;

    AdvisoryOrder(
            KeyValueStore<Bytes, AdvisoryEvent> waiting, KeyValueStore<String, MirrorClock> clocks, int partitions) {
        this.waiting = waiting;
        this.clocks = clocks;
        MirrorClock stored = clocks.get(CLOCK_KEY);
        this.clock = stored == null ? Watermark.clock(partitions) : stored;
        this.through = Watermark.of(clock, false);
    }

    /** The time every segment partition has evaluated through ({@link Watermark}); UNKNOWN until each has said. */
    long through() {
        return through;
    }

    /**
     * Files a transition (its routing time, then its judgement) or a new hotspot of a segment, to be taken once every
     * partition has passed its time.
     *
     * @param arrival the event's position in the input (its offset): orders one segment's events of one time
     * @return false when every partition has passed its time already (it cannot wait: take it now)
     */
    boolean file(String segmentId, AdvisoryEvent event, long arrival) {
        if (event.getTime() <= through) {
            return false;
        }
        if (event.getSegment() != null) {
            waiting.put(key(event.getTime(), Phase.ROUTING, segmentId, arrival), event);
        }
        waiting.put(key(event.getTime(), Phase.JUDGING, segmentId, arrival), event);
        return true;
    }

    /**
     * Files the routing changes a partition sent with its evaluation, one entry per time.
     *
     * @return the changes at times every partition has passed already, one event per time (to be applied now)
     */
    List<AdvisoryEvent> fileRouting(List<RoutingChange> changes, long arrival) {
        Map<Long, List<RoutingChange>> byTime = new TreeMap<>();
        for (RoutingChange c : changes) {
            byTime.computeIfAbsent(c.getAsOf(), t -> new ArrayList<>()).add(c);
        }
        List<AdvisoryEvent> behind = new ArrayList<>();
        for (Map.Entry<Long, List<RoutingChange>> atTime : byTime.entrySet()) {
            AdvisoryEvent event = new AdvisoryEvent(atTime.getKey(), null, null, null, atTime.getValue());
            if (atTime.getKey() <= through) {
                behind.add(event);
            } else {
                waiting.put(key(atTime.getKey(), Phase.ROUTING, "", arrival), event);
            }
        }
        return behind;
    }

    /** A partition says it has evaluated through {@code time}; it never goes back. @return true if through moved. */
    boolean evaluated(int partition, long time) {
        List<UpstreamProgress> heard = clock.getUpstreams();
        if (partition < heard.size() && time <= heard.get(partition).getProgress()) {
            return false; // said again after a restart of that partition's task
        }
        Watermark.heard(clock, partition, time, false);
        clocks.put(CLOCK_KEY, clock);
        long before = through;
        through = Watermark.of(clock, false);
        return through > before;
    }

    /** Takes every waiting event at or before {@link #through()}, in order. */
    List<Due> takeDue() {
        if (through == Watermark.UNKNOWN) {
            return List.of();
        }
        List<KeyValue<Bytes, AdvisoryEvent>> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, AdvisoryEvent> it = waiting.range(lowest(), highest(through))) {
            it.forEachRemaining(due::add);
        }
        List<Due> result = new ArrayList<>(due.size());
        for (KeyValue<Bytes, AdvisoryEvent> kv : due) {
            waiting.delete(kv.key);
            result.add(new Due(phaseOf(kv.key), segmentOf(kv.key), kv.value));
        }
        return result;
    }

    /** time (sign bit flipped: byte order is numeric order), phase, segment id, 0, arrival. */
    static Bytes key(long time, Phase phase, String segmentId, long arrival) {
        byte[] id = segmentId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + 1 + id.length + 1 + 8);
        b.putLong(time ^ Long.MIN_VALUE).put((byte) phase.ordinal()).put(id).put((byte) 0);
        b.putLong(arrival ^ Long.MIN_VALUE);
        return Bytes.wrap(b.array());
    }

    private static Bytes lowest() {
        return Bytes.wrap(new byte[0]);
    }

    /** Above every key at {@code time}, below every key after it. */
    private static Bytes highest(long time) {
        return Bytes.wrap(ByteBuffer.allocate(9)
                .putLong(time ^ Long.MIN_VALUE)
                .put((byte) 0xFF)
                .array());
    }

    private static Phase phaseOf(Bytes key) {
        return Phase.values()[key.get()[8]];
    }

    private static String segmentOf(Bytes key) {
        byte[] k = key.get();
        return new String(k, 9, k.length - 9 - 1 - 8, StandardCharsets.UTF_8);
    }
}
