package io.roadmirror.runtime;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.roadmirror.streams.PipelineMetrics;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One Prometheus registry per process for everything worth watching: the pipeline's own metrics
 * (records in per topic, dead letters per reason, advisories per kind, latency) and, once bound,
 * Kafka Streams' built-in metrics (threads, tasks, stores, clients) through Micrometer's binder.
 */
public final class Monitoring implements AutoCloseable {
    /** Prometheus text exposition format 0.0.4, what {@link PrometheusMeterRegistry#scrape()} writes. */
    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PipelineMetrics pipelineMetrics = new PipelineMetrics(registry);
    private KafkaStreamsMetrics streamsMetrics;
    private volatile PipelineFaults faults;

    public PipelineMetrics pipelineMetrics() {
        return pipelineMetrics;
    }

    /** Adds the Kafka Streams instance's metrics (bind once the instance exists, before or after start). */
    public synchronized void bind(KafkaStreams streams) {
        if (streamsMetrics != null) {
            throw new IllegalStateException("a Kafka Streams instance is already bound");
        }
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
    }

    /** Adds what the runner knows about its faults (thread replacements, registry problems) to health. */
    public void bind(PipelineRunner pipeline) {
        bind(pipeline.streams());
        faults = pipeline.faults();
    }

    /** The bound pipeline's faults; empty before {@link #bind(PipelineRunner)}. */
    public Optional<PipelineFaults> faults() {
        return Optional.ofNullable(faults);
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public synchronized void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        registry.close();
    }
}
