package io.roadmirror.api;

import java.util.List;

/** One segment: what it is, its live state, and its recently published states (oldest first). */
public record SegmentDetailView(SegmentView segment, List<LiveStateView> history) {}
