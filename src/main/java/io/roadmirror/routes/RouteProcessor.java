package io.roadmirror.routes;

import io.roadmirror.mirror.MirrorTopology;
import io.roadmirror.model.RouteRequest;
import io.roadmirror.model.RouteResponse;
import io.roadmirror.model.SegmentState;
import io.roadmirror.network.NetworkView;
import io.roadmirror.streams.PipelineMetrics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Answers each request from the instance's global stores (network, mirror, route blocks) with
 * {@link RoutePlanner}: one response per request, keyed by its id, with the request's timestamp;
 * answeredAt is the wall clock.
 */
final class RouteProcessor implements Processor<String, RouteRequest, String, RouteResponse> {
    private final NetworkView networkView;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, RouteResponse> context;
    private NetworkView.Reader network;
    private TimestampedKeyValueStore<String, SegmentState> mirror;
    private TimestampedKeyValueStore<String, RouteBlocks> blocks;

    RouteProcessor(NetworkView networkView, PipelineMetrics metrics) {
        this.networkView = networkView;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, RouteResponse> context) {
        this.context = context;
        this.network = networkView.reader(context);
        this.mirror = context.getStateStore(MirrorTopology.GLOBAL_STORE);
        this.blocks = context.getStateStore(RouteTopology.BLOCKS_STORE);
    }

    @Override
    public void process(Record<String, RouteRequest> record) {
        RouteQuestion question = RouteQuestion.of(record.key(), record.value());
        StoreConditions conditions = new StoreConditions(network.network(), id -> valueOf(mirror.get(id)), id -> valueOf(blocks.get(id)), null);
        RouteAnswer answer = RoutePlanner.answer(question, record.timestamp(), conditions);
        metrics.route(answer.status().name());
        context.forward(new Record<>(answer.requestId(), answer.toAvro(context.currentSystemTimeMs()), record.timestamp()));
    }

    private static <V> V valueOf(ValueAndTimestamp<V> stored) {
        return stored == null ? null : stored.value();
    }
}
