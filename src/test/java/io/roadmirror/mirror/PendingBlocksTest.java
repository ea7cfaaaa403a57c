package io.roadmirror.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.roadmirror.state.PendingChanges;
import io.roadmirror.state.TimedChange;
import io.roadmirror.streams.VersionedSerde;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A block of pending changes: one change per grid time, in time order, without what was folded. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PendingBlocksTest {
    private static final long TICK = 500;

    @Test
    void aBlockSpansItsGridTimesFromItsStart() {
        assertEquals(0, PendingBlocks.blockOf(0, TICK));
        assertEquals(0, PendingBlocks.blockOf(3_500, TICK), "the 8th grid time is in the first block");
        assertEquals(4_000, PendingBlocks.blockOf(4_000, TICK));
        assertEquals(-4_000, PendingBlocks.blockOf(-500, TICK), "before the epoch too");
    }

    @Test
    void changesAtOneGridTimeAddUpAndTheBlockStaysInTimeOrder() {
        PendingChanges block = PendingBlocks.empty();
        PendingBlocks.add(block, 1_500, Tallies.ofProbe(1_400, 50.0, 1), Long.MIN_VALUE);
        PendingBlocks.add(block, 500, Tallies.ofProbe(300, 40.0, 1), Long.MIN_VALUE);
        PendingBlocks.add(block, 1_500, Tallies.ofProbe(1_000, 30.0, -1), Long.MIN_VALUE);

        List<TimedChange> changes = PendingBlocks.changesOf(block, 0);
        assertEquals(
                List.of(500L, 1_500L), changes.stream().map(TimedChange::getAt).toList());
        assertEquals(0, changes.get(1).getDelta().getProbes(), "one probe in, one out");
        assertEquals(20_000, changes.get(1).getDelta().getProbeSpeedMilli());
        assertNull(PendingBlocks.legacyChange(block), "a block holds no change of the release before blocks");
    }

    @Test
    void aBlockReadBackFromTheStoreTakesChangesAndDropsFoldedOnes() {
        PendingChanges block = PendingBlocks.empty();
        PendingBlocks.add(block, 500, Tallies.ofProbe(300, 40.0, 1), Long.MIN_VALUE);
        PendingBlocks.add(block, 1_000, Tallies.ofProbe(900, 40.0, 1), Long.MIN_VALUE);
        VersionedSerde<PendingChanges> serde = VersionedSerde.of(PendingChanges.class);
        // What a task reads after the object cache evicted the block, or after a restore.
        PendingChanges read = serde.deserializer()
                .deserialize(
                        "mirror-changes-store-changelog", serde.serializer().serialize(null, block));

        PendingBlocks.add(read, 1_500, Tallies.ofProbe(1_400, 40.0, 1), 500);

        assertEquals(
                List.of(1_000L, 1_500L),
                PendingBlocks.changesOf(read, 0).stream()
                        .map(TimedChange::getAt)
                        .toList());
    }

    @Test
    void writingABlockAgainDropsTheChangesItsSegmentHasFoldedSince() {
        PendingChanges block = PendingBlocks.empty();
        PendingBlocks.add(block, 500, Tallies.ofProbe(300, 40.0, 1), Long.MIN_VALUE);
        PendingBlocks.add(block, 1_000, Tallies.ofProbe(900, 40.0, 1), Long.MIN_VALUE);

        PendingBlocks.add(block, 2_000, Tallies.ofProbe(1_900, 40.0, 1), 1_000); // evaluated through 1,000 since

        assertEquals(
                List.of(2_000L),
                PendingBlocks.changesOf(block, 0).stream()
                        .map(TimedChange::getAt)
                        .toList());
    }
}
