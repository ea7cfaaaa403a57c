package io.roadmirror.forecasts;

import io.roadmirror.mirror.MirrorThresholds;
import io.roadmirror.mirror.SegmentEvent;
import io.roadmirror.model.SegmentForecast;
import io.roadmirror.network.NetworkView;
import io.roadmirror.serde.RegistryPatientDeserializer;
import io.roadmirror.state.ForecastProfile;
import io.roadmirror.streams.PipelineContext;
import io.roadmirror.streams.ProcessorSuppliers;
import io.roadmirror.streams.StoreBuilders;
import io.roadmirror.topics.Topics;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Forecasts (docs/design.md "v2", docs/forecasts.md): from the mirror's segment updates (in event-time
 * order, in the mirror's own task, so no repartition), each segment's time-of-day profile is learned
 * in {@value #STORE} and a {@link SegmentForecast} for 5, 10, 15 and 30 minutes ahead is written to
 * mirror.forecasts, at most once a minute of event time per segment.
 */
public final class ForecastTopology {
    /** Each segment's speed profile and when it was last forecast. */
    public static final String STORE = "forecast-profile-store";
    /** mirror.forecasts as every instance holds it whole: what routes are predicted over. */
    public static final String GLOBAL_STORE = "mirror-forecasts-global-store";

    private final Topics topics;
    private final NetworkView networkView;
    private final ForecastThresholds rules;
    private final MirrorThresholds mirrorRules;

    /** @param mirrorRules the mirror's congestion thresholds, which the forecast's points follow too */
    public ForecastTopology(PipelineContext context, ForecastThresholds rules, MirrorThresholds mirrorRules) {
        this.topics = context.topics();
        this.networkView = context.networkView();
        this.rules = rules;
        this.mirrorRules = mirrorRules;
    }

    /** The mirror's events: its segment updates, in event-time order per segment. */
    public record Inputs(KStream<String, SegmentEvent> mirrorEvents) {}

    /** The forecasts as written to mirror.forecasts. */
    public record Outputs(KStream<String, SegmentForecast> forecasts) {}

    /** mirror.forecasts as a global table (registered in the pipeline's step for shared global tables). */
    public static GlobalKTable<String, SegmentForecast> globalTable(StreamsBuilder builder, Topics topics) {
        return builder.globalTable(
                topics.mirrorForecasts.name(),
                Consumed.with(
                                topics.mirrorForecasts.keySerde(),
                                RegistryPatientDeserializer.patient(topics.mirrorForecasts.valueSerde()))
                        .withName("mirror-forecasts-global"),
                Materialized.<String, SegmentForecast, KeyValueStore<Bytes, byte[]>>as(GLOBAL_STORE)
                        .withKeySerde(topics.mirrorForecasts.keySerde())
                        .withValueSerde(topics.mirrorForecasts.valueSerde()));
    }

    public Outputs build(StreamsBuilder builder, Inputs inputs) {
        KStream<String, SegmentForecast> forecasts = inputs.mirrorEvents()
                .filter((segment, event) -> event.update() != null, Named.as("forecast-inputs"))
                .process(
                        ProcessorSuppliers.withStores(
                                () -> new ForecastProcessor(rules, mirrorRules, networkView),
                                StoreBuilders.versioned(STORE, ForecastProfile.class)),
                        Named.as("forecast-profile"));
        forecasts.to(
                topics.mirrorForecasts.name(),
                Produced.with(topics.mirrorForecasts.keySerde(), topics.mirrorForecasts.valueSerde())
                        .withName("mirror-forecasts-sink"));
        return new Outputs(forecasts);
    }
}
