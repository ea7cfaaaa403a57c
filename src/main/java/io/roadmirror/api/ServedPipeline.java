package io.roadmirror.api;

import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.runtime.Closeables;
import io.roadmirror.runtime.Monitoring;
import io.roadmirror.runtime.PipelineRunner;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One instance as `demo` and `run` start it: the pipeline, its metrics, and the query API serving
 * its stores. The API starts before the pipeline is RUNNING, so /api/health can say NOT_READY while it starts.
 * Closes in reverse order.
 */
public final class ServedPipeline implements AutoCloseable {
    private final Monitoring monitoring;
    private final PipelineRunner pipeline;
    private final ApiServer api;

    private ServedPipeline(Monitoring monitoring, PipelineRunner pipeline, ApiServer api) {
        this.monitoring = monitoring;
        this.pipeline = pipeline;
        this.api = api;
    }

    /** Starts everything and waits until the pipeline is RUNNING; on failure, stops what was started. */
    public static ServedPipeline start(
            RoadmirrorConfig config,
            SchemaRegistryClient registry,
            boolean autoRegister,
            Path defaultStateDir,
            Duration startTimeout) {
        Monitoring monitoring = new Monitoring();
        PipelineRunner pipeline = null;
        ApiServer api = null;
        try {
            pipeline =
                    PipelineRunner.start(config, registry, autoRegister, monitoring.pipelineMetrics(), defaultStateDir);
            monitoring.bind(pipeline);
            api = ApiServer.start(
                    config.api(),
                    pipeline.streams(),
                    new Topics(registry, autoRegister),
                    config.kafka().clientProperties(),
                    monitoring,
                    pipeline.networkView()::version,
                    config.pipeline().mirror());
            pipeline.awaitRunning(startTimeout);
            return new ServedPipeline(monitoring, pipeline, api);
        } catch (RuntimeException e) {
            new ServedPipeline(monitoring, pipeline, api).close();
            throw e;
        }
    }

    public PipelineRunner pipeline() {
        return pipeline;
    }

    public ApiServer api() {
        return api;
    }

    public PipelineMetrics metrics() {
        return monitoring.pipelineMetrics();
    }

    @Override
    public void close() {
        Closeables.closeAll(api, pipeline, monitoring);
    }
}
