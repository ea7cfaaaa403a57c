package io.roadmirror.api;

import java.util.List;

/**
 * What the instance owning a segment's partition knows about it: the current state (null before
 * any input) and the recently published states, oldest first.
 */
public record MirrorEntry(LiveStateView live, List<LiveStateView> history) {
    static final MirrorEntry EMPTY = new MirrorEntry(null, List.of());
}
