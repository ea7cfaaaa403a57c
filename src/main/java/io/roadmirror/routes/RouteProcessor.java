package io.roadmirror.routes;

import io.roadmirror.forecasts.ForecastTopology;
import io.roadmirror.mirror.MirrorTopology;
import io.roadmirror.model.RouteRequest;
import io.roadmirror.model.RouteResponse;
import io.roadmirror.model.SegmentForecast;
import io.roadmirror.model.SegmentState;
import io.roadmirror.network.NetworkView;
import io.roadmirror.streams.PipelineMetrics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Answers each request from the instance's global stores (network, mirror, forecasts, route blocks) with
 * {@link RoutePlanner}: one response per request, keyed by its id, with the request's timestamp;
 * answeredAt is the wall clock. Store values are at most {@link #MAX_READ_AGE_MS} old.
 */
final class RouteProcessor implements Processor<String, RouteRequest, String, RouteResponse> {
    /** A segment's live state and blocks are read from the global stores at most this often ({@link RecentReads}). */
    static final long MAX_READ_AGE_MS = 1_000;

    private final NetworkView networkView;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, RouteResponse> context;
    private NetworkView.Reader network;
    private RecentReads<SegmentState> mirror;
    private RecentReads<RouteBlocks> blocks;
    private RecentReads<ForecastTravelTimes.Forecast> forecasts;

    RouteProcessor(NetworkView networkView, PipelineMetrics metrics) {
        this.networkView = networkView;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, RouteResponse> context) {
        this.context = context;
        this.network = networkView.reader(context);
        TimestampedKeyValueStore<String, SegmentState> mirrorStore = context.getStateStore(MirrorTopology.GLOBAL_STORE);
        TimestampedKeyValueStore<String, RouteBlocks> blocksStore = context.getStateStore(RouteTopology.BLOCKS_STORE);
        this.mirror = new RecentReads<>(id -> valueOf(mirrorStore.get(id)), MAX_READ_AGE_MS);
        this.blocks = new RecentReads<>(id -> valueOf(blocksStore.get(id)), MAX_READ_AGE_MS);
        TimestampedKeyValueStore<String, SegmentForecast> forecastStore =
                context.getStateStore(ForecastTopology.GLOBAL_STORE);
        this.forecasts = new RecentReads<>(
                id -> ForecastTravelTimes.Forecast.of(valueOf(forecastStore.get(id))), MAX_READ_AGE_MS);
    }

    @Override
    public void process(Record<String, RouteRequest> record) {
        RouteQuestion question = RouteQuestion.of(record.key(), record.value());
        long now = context.currentSystemTimeMs();
        StoreConditions conditions = new StoreConditions(
                network.network(), id -> mirror.get(id, now), id -> blocks.get(id, now), id -> forecasts.get(id, now));
        RouteAnswer answer = RoutePlanner.answer(question, record.timestamp(), conditions);
        metrics.route(answer.status().name());
        context.forward(new Record<>(answer.requestId(), answer.toAvro(now), record.timestamp()));
    }

    private static <V> V valueOf(ValueAndTimestamp<V> stored) {
        return stored == null ? null : stored.value();
    }
}
