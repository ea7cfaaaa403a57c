package io.roadmirror.mirror;

import io.roadmirror.state.ProbeInput;
import io.roadmirror.state.SensorLatest;
import io.roadmirror.state.Tally;
import java.util.ArrayList;
import java.util.List;

/**
 * The fusion rule as changes in time (DESIGN.md "Mirror"): a sample counts from its event time t
 * while it is at most one horizon old, so it adds itself at t and takes itself away just after
 * t + horizon; a newer sample of the same sensor or vehicle takes the older one's place at its own
 * time. A segment's state at event time T is then the sum of every change at or before T, whatever
 * the order in which the inputs arrived, and each input costs a fixed number of changes however
 * many vehicles share the segment.
 */
public final class Contributions {
    private Contributions() {}

    /** A change of a segment's sums at an event time. */
    public record Change(long at, Tally delta) {}

    /**
     * The changes a sensor reading brings, given the sensor's latest earlier reading on the segment
     * (or null); none when it is not newer than that one (a duplicate or a reading out of order).
     */
    public static List<Change> ofReading(SensorLatest reading, SensorLatest previous, long horizonMs) {
        if (previous != null && reading.getEventTime() <= previous.getEventTime()) {
            return List.of();
        }
        List<Change> changes = new ArrayList<>(3);
        counted(
                changes,
                reading.getEventTime(),
                horizonMs,
                Tallies.ofReading(reading, 1),
                Tallies.ofReading(reading, -1));
        if (previous != null) {
            replaced(
                    changes,
                    reading.getEventTime(),
                    previous.getEventTime(),
                    horizonMs,
                    Tallies.ofReading(previous, -1),
                    Tallies.ofReading(previous, 1));
        }
        return changes;
    }

    /** The changes a probe position brings; it carries the vehicle's previous position on the segment, if that one still counted. */
    public static List<Change> ofProbe(ProbeInput probe, long horizonMs) {
        List<Change> changes = new ArrayList<>(3);
        long t = probe.getEventTime();
        counted(
                changes,
                t,
                horizonMs,
                Tallies.ofProbe(t, probe.getSpeedKph(), 1),
                Tallies.ofProbe(t, probe.getSpeedKph(), -1));
        Long previous = probe.getPreviousEventTime();
        if (previous != null && probe.getPreviousSpeedKph() != null && previous < t) {
            replaced(
                    changes,
                    t,
                    previous,
                    horizonMs,
                    Tallies.ofProbe(previous, probe.getPreviousSpeedKph(), -1),
                    Tallies.ofProbe(previous, probe.getPreviousSpeedKph(), 1));
        }
        return changes;
    }

    /** The first event time at which a sample of time {@code t} no longer counts. */
    public static long expiresAt(long t, long horizonMs) {
        return t + horizonMs + 1;
    }

    /** Starts {@code changes} with the sample's own: added at t (first), taken away after the horizon. */
    private static void counted(List<Change> changes, long t, long horizonMs, Tally add, Tally remove) {
        changes.add(new Change(t, add));
        changes.add(new Change(expiresAt(t, horizonMs), remove));
    }

    /**
     * The sample of time {@code old} stops counting at {@code now} instead of when it would have expired. Its removal
     * joins the new sample's change at {@code now} (the first in {@code changes}): one change filed fewer per input.
     */
    private static void replaced(
            List<Change> changes, long now, long old, long horizonMs, Tally remove, Tally restore) {
        if (now >= expiresAt(old, horizonMs)) {
            return; // it had expired by itself already
        }
        Tallies.addInto(changes.get(0).delta(), remove);
        changes.add(new Change(expiresAt(old, horizonMs), restore));
    }
}
