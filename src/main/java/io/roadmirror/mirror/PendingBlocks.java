package io.roadmirror.mirror;

import io.roadmirror.state.PendingChanges;
import io.roadmirror.state.Tally;
import io.roadmirror.state.TimedChange;
import java.util.ArrayList;
import java.util.List;

/**
 * A segment's pending changes, kept in blocks of {@value #TICKS_PER_BLOCK} grid times
 * (mirror-changes-store). Each input files three changes in three places of its segment's time line
 * (its own time, its expiry, and its previous sample's old expiry), and the sources feeding one
 * segment partition drift seconds apart in event time, so with one key per grid time a key was
 * written in eight commits on average during a drain: more changelog records than inputs. A block
 * takes every change of its grid times, so a commit writes one record per touched block.
 *
 * <p>A value's changes are never earlier than its key's time, and a block keeps those of its
 * changes that were folded already until it is written again or wholly folded (folding writes
 * nothing for a block with changes still to come).
 */
final class PendingBlocks {
    /** Grid times per block: a block's value stays small (at most this many changes) however long the tick. */
    static final int TICKS_PER_BLOCK = 8;

    private PendingBlocks() {}

    /** The key time of the block holding grid time {@code at}. */
    static long blockOf(long at, long tick) {
        long span = tick * TICKS_PER_BLOCK;
        return Math.floorDiv(at, span) * span;
    }

    static PendingChanges empty() {
        return PendingChanges.newBuilder().setChanges(new ArrayList<>(2)).build();
    }

    /**
     * Adds {@code delta} at grid time {@code at} into {@code block} (which it changes), dropping the changes at or
     * before {@code foldedThrough} (the segment's last evaluation: they are in its sums already).
     */
    static void add(PendingChanges block, long at, Tally delta, long foldedThrough) {
        List<TimedChange> changes = block.getChanges();
        if (!changes.isEmpty() && changes.get(0).getAt() <= foldedThrough) {
            changes.removeIf(c -> c.getAt() <= foldedThrough);
        }
        int i = 0;
        while (i < changes.size() && changes.get(i).getAt() < at) {
            i++;
        }
        if (i < changes.size() && changes.get(i).getAt() == at) {
            Tallies.addInto(changes.get(i).getDelta(), delta);
        } else {
            changes.add(i, new TimedChange(at, Tallies.copy(delta)));
        }
    }

    /**
     * The changes a stored value holds, in time order: the change a release before blocks filed at the key's own
     * time ({@code keyTime}), if any, then the block's.
     */
    static List<TimedChange> changesOf(PendingChanges value, long keyTime) {
        Tally legacy = legacyChange(value);
        if (legacy == null) {
            return value.getChanges();
        }
        List<TimedChange> all = new ArrayList<>(value.getChanges().size() + 1);
        all.add(new TimedChange(keyTime, legacy));
        all.addAll(value.getChanges());
        return all;
    }

    /** The Tally a release before blocks stored under this key (read in place through the schema's alias), or null. */
    static Tally legacyChange(PendingChanges v) {
        Tally legacy = new Tally(
                v.getProbes(),
                v.getProbeSpeedMilli(),
                v.getSensors(),
                v.getSpeedWeight(),
                v.getSensorSpeedMilli(),
                v.getFlowMilli(),
                v.getOccupancyMilli(),
                v.getOccupancyCount(),
                v.getStanding(),
                v.getNewestReading());
        return Tallies.isZero(legacy) && legacy.getNewestReading() == null ? null : legacy; // all zero: a block
    }
}
