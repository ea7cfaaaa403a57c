package io.roadmirror.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pipeline's own metrics (beside Kafka Streams' built-in ones): records in per topic, dead
 * letters per reason, mirror updates, advisories per kind, and the pipeline latency from a
 * record's validation to the mirror update it caused.
 */
public final class PipelineMetrics {
    /** Key under which the instance travels in the Streams configuration to the error handlers. */
    public static final String CONFIG_KEY = "roadmirror.pipeline.metrics";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    /** Counted for every input record: found by topic alone, without building a key per record. */
    private final Map<String, Counter> recordsIn = new ConcurrentHashMap<>();

    private final Counter mirrorUpdates;
    private final Timer latency;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.latency = Timer.builder("roadmirror.pipeline.latency")
                .description("From a record's validation to the mirror update it caused")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
        this.mirrorUpdates = counter("roadmirror.mirror.updates", "topic", "mirror.segments");
    }

    public static PipelineMetrics inMemory() {
        return new PipelineMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(
                name + '|' + value, k -> Counter.builder(name).tag(tag, value).register(registry));
    }

    public void recordIn(String topic) {
        Counter in = recordsIn.get(topic);
        if (in == null) {
            in = recordsIn.computeIfAbsent(topic, t -> counter("roadmirror.records.in", "topic", t));
        }
        in.increment();
    }

    public void deadLetter(String reason) {
        counter("roadmirror.deadletters", "reason", reason).increment();
    }

    public void skippedGlobalRecord(String topic) {
        counter("roadmirror.global.skipped", "topic", topic).increment();
    }

    /** A record Kafka refused as too large, skipped so that it cannot block its partition. */
    public void tooLarge(String topic) {
        counter("roadmirror.records.too.large", "topic", topic).increment();
    }

    public void mirrorUpdate() {
        mirrorUpdates.increment();
    }

    /**
     * An input that reached the mirror behind a time it had already evaluated, so it counted later than its
     * source's progress says it should: zero unless a source went unheard past its grace or state was restored
     * behind its input (the mirror is then no longer a function of event time alone).
     */
    public void inputBehindMirror() {
        counter("roadmirror.mirror.inputs.behind", "topic", "segment-inputs").increment();
    }

    public void advisory(String kind) {
        counter("roadmirror.advisories", "kind", kind).increment();
    }

    /** An advisory input behind what every segment partition had passed: judged on arrival, not in event-time order. */
    public void advisoryInputBehind() {
        counter("roadmirror.advisories.inputs.behind", "topic", "advisory-inputs")
                .increment();
    }

    /** A route request answered, by status (OK, NO_ROUTE, UNKNOWN_NODE, INVALID). */
    public void route(String status) {
        counter("roadmirror.routes", "status", status).increment();
    }

    public void hotspotUpdate(String level) {
        counter("roadmirror.hotspots", "level", level).increment();
    }

    public void detectedIncident(String status) {
        counter("roadmirror.incidents.detected", "status", status).increment();
    }

    public void latency(Duration d) {
        latency.record(d);
    }

    public double count(String name, String tagValue) {
        Counter c = counters.get(name + '|' + tagValue);
        return c == null ? 0 : c.count();
    }

    /** Sum of a counter over all its tag values (e.g. all dead letters, whatever the reason). */
    public double total(String name) {
        double sum = 0;
        for (Map.Entry<String, Counter> e : counters.entrySet()) {
            if (e.getKey().startsWith(name + '|')) {
                sum += e.getValue().count();
            }
        }
        return sum;
    }

    /** Counts of a counter per tag value. */
    public Map<String, Double> byTag(String name) {
        Map<String, Double> out = new TreeMap<>();
        counters.forEach((key, counter) -> {
            if (key.startsWith(name + '|')) {
                out.put(key.substring(name.length() + 1), counter.count());
            }
        });
        return out;
    }

    public double deadLetters(String reason) {
        return count("roadmirror.deadletters", reason);
    }

    public double advisories(String kind) {
        return count("roadmirror.advisories", kind);
    }
}
