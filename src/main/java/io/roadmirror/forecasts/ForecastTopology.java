package io.roadmirror.forecasts;

import io.roadmirror.mirror.MirrorRules;
import io.roadmirror.mirror.SegmentEvent;
import io.roadmirror.model.SegmentForecast;
import io.roadmirror.network.NetworkView;
import io.roadmirror.state.ForecastProfile;
import io.roadmirror.streams.ProcessorSuppliers;
import io.roadmirror.streams.StoreBuilders;
import io.roadmirror.topics.Topics;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Forecasts (docs/design.md "v2", docs/forecasts.md): from the mirror's segment updates (in event-time
 * order, in the mirror's own task, so no repartition), each segment's time-of-day profile is learned
 * in {@value #STORE} and a {@link io.roadmirror.model.SegmentForecast} for 5, 10, 15 and 30 minutes
 * ahead is written to mirror.forecasts, at most once a minute of event time per segment.
 */
public final class ForecastTopology {
    /** Each segment's speed profile and when it was last forecast. */
    public static final String STORE = "forecast-profile-store";

    private final Topics topics;
    private final ForecastRules rules;
    private final MirrorRules mirrorRules;
    private final NetworkView networkView;

    public ForecastTopology(Topics topics, ForecastRules rules, MirrorRules mirrorRules, NetworkView networkView) {
        this.topics = topics;
        this.rules = rules;
        this.mirrorRules = mirrorRules;
        this.networkView = networkView;
    }

    /** @return the forecasts as written to mirror.forecasts */
    public KStream<String, SegmentForecast> build(KStream<String, SegmentEvent> mirrorEvents) {
        KStream<String, SegmentForecast> forecasts = mirrorEvents
                .filter((segment, event) -> event.update() != null, Named.as("forecast-inputs"))
                .process(ProcessorSuppliers.withStores(() -> new ForecastProcessor(rules, mirrorRules, networkView),
                        StoreBuilders.versioned(STORE, ForecastProfile.class)), Named.as("forecast-profile"));
        forecasts.to(topics.mirrorForecasts.name(), Produced.with(topics.mirrorForecasts.keySerde(), topics.mirrorForecasts.valueSerde())
                .withName("mirror-forecasts-sink"));
        return forecasts;
    }
}
