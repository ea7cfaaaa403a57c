package io.roadmirror.api;

import io.roadmirror.model.CongestionLevel;
import io.roadmirror.network.Segment;

/**
 * A road segment with its live state; {@code live} is null while the mirror has had no input for
 * it, which counts as {@link CongestionLevel#UNKNOWN}.
 */
public record SegmentView(
        String segmentId,
        String name,
        String fromNode,
        String toNode,
        double lengthMeters,
        int lanes,
        double speedLimitKph,
        LiveStateView live) {

    static SegmentView of(Segment segment, LiveStateView live) {
        return new SegmentView(
                segment.id(),
                segment.name(),
                segment.fromNode(),
                segment.toNode(),
                segment.lengthMeters(),
                segment.lanes(),
                segment.speedLimitKph(),
                live);
    }

    CongestionLevel congestionLevel() {
        return live == null ? CongestionLevel.UNKNOWN : CongestionLevel.valueOf(live.congestion());
    }
}
