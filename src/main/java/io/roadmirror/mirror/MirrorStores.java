package io.roadmirror.mirror;

import io.roadmirror.state.EmittedState;
import io.roadmirror.state.PublishedStates;
import io.roadmirror.streams.VersionedSerde;
import org.apache.kafka.common.serialization.Serde;

/** Mirror store values kept as plain Java records, on their versioned internal schemas. */
public final class MirrorStores {
    private MirrorStores() {}

    /** {@code mirror-history-store}: a {@link StateHistory} as {@link PublishedStates}. */
    public static Serde<StateHistory> histories() {
        return VersionedSerde.of(PublishedStates.class).mapped(MirrorStores::toAvro, MirrorStores::fromAvro);
    }

    static PublishedStates toAvro(StateHistory h) {
        String segmentId = h.states().isEmpty() ? "" : h.states().get(0).segmentId();
        return new PublishedStates(
                segmentId, h.states().stream().map(LiveStates::stored).toList());
    }

    static StateHistory fromAvro(PublishedStates h) {
        return new StateHistory(h.getStates().stream()
                .map((EmittedState s) -> LiveStates.fromStored(h.getSegmentId(), s))
                .toList());
    }
}
