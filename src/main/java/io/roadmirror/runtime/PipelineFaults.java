package io.roadmirror.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the instance knows about its own faults, for health and metrics: stream threads replaced
 * (and why), a schema registry that cannot serve it right now, and the fatal reason once the
 * client gave up. Health turns NOT_READY while the registry problem lasts.
 */
public final class PipelineFaults {
    private final Counter replacedAfterFailure;
    private final Counter replacedAfterRegistryOutage;
    private final AtomicInteger replacements = new AtomicInteger();
    private volatile String registryProblem;
    private volatile String fatal;

    public PipelineFaults(MeterRegistry registry) {
        String description = "Stream threads replaced after they died, by cause";
        replacedAfterFailure = Counter.builder("roadmirror.stream.thread.replacements")
                .tag("cause", "failure")
                .description(description)
                .register(registry);
        replacedAfterRegistryOutage = Counter.builder("roadmirror.stream.thread.replacements")
                .tag("cause", "registry")
                .description(description)
                .register(registry);
        Gauge.builder("roadmirror.registry.unusable", this, f -> f.registryProblem == null ? 0 : 1)
                .description(
                        "1 while the schema registry cannot serve this instance (unreachable, credentials refused, wrong URL)")
                .register(registry);
    }

    void replaced(boolean registryOutage) {
        replacements.incrementAndGet();
        (registryOutage ? replacedAfterRegistryOutage : replacedAfterFailure).increment();
    }

    /** @return true when this starts a new registry problem (the caller logs it once, not per retry) */
    boolean registryProblem(String reason) {
        boolean fresh = registryProblem == null;
        registryProblem = reason;
        return fresh;
    }

    /** @return true when a registry problem was flagged until now */
    boolean registryRecovered() {
        boolean was = registryProblem != null;
        registryProblem = null;
        return was;
    }

    void fatal(String reason) {
        fatal = reason;
    }

    public int threadReplacements() {
        return replacements.get();
    }

    /** Why the instance cannot serve although Kafka Streams may be RUNNING, if so. */
    public Optional<String> problem() {
        String f = fatal;
        return Optional.ofNullable(f != null ? f : registryProblem);
    }
}
