package io.roadmirror.runtime;

import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.network.NetworkView;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.streams.InputLags;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pipeline: makes sure the topics exist, then starts Kafka Streams with the pipeline
 * topology. A stream thread that dies is replaced within the bounds of a {@link ThreadFailurePolicy}
 * (resuming from the last commit); a schema registry that cannot serve the instance is waited
 * out, with the instance NOT_READY until it answers again; past the budget, or when the global
 * thread dies, Kafka Streams ends in ERROR and {@link #onFatal} listeners hear why, so the
 * process can exit non-zero and be restarted by its orchestrator.
 */
public final class PipelineRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);
    private static final Duration REGISTRY_PROBE_INTERVAL = Duration.ofSeconds(2);

    private final KafkaStreams streams;
    private final Topology topology;
    private final NetworkView networkView;
    private final PipelineFaults faults;
    private final SchemaRegistryClient registry;
    private final ThreadFailurePolicy policy;
    private final List<Consumer<String>> fatalListeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService registryWatch = daemon("registry-watch");

    private volatile boolean closing;
    private volatile String fatalReason;

    private PipelineRunner(
            KafkaStreams streams,
            Topology topology,
            NetworkView networkView,
            PipelineFaults faults,
            SchemaRegistryClient registry,
            ThreadFailurePolicy policy) {
        this.streams = streams;
        this.topology = topology;
        this.networkView = networkView;
        this.faults = faults;
        this.registry = registry;
        this.policy = policy;
    }

    public static PipelineRunner start(
            RoadmirrorConfig config,
            SchemaRegistryClient registry,
            boolean autoRegister,
            PipelineMetrics metrics,
            Path defaultStateDir) {
        return start(config, registry, autoRegister, metrics, defaultStateDir, ThreadFailurePolicy.defaults());
    }

    public static PipelineRunner start(
            RoadmirrorConfig config,
            SchemaRegistryClient registry,
            boolean autoRegister,
            PipelineMetrics metrics,
            Path defaultStateDir,
            ThreadFailurePolicy policy) {
        try (Admin admin = Admin.create(config.kafka().clientProperties())) {
            TopicSetup.ensureTopics(
                    admin,
                    config.kafka().topicPartitions(),
                    config.kafka().topicReplicationFactor(),
                    Pipeline.topics(config.kafka()));
        }
        Topics topics = new Topics(registry, autoRegister);
        NetworkView networkView = new NetworkView(Pipeline.NETWORK_REFRESH);
        InputLags inputLags = new InputLags();
        Topology topology = Pipeline.topology(
                config.pipeline(), config.kafka(), topics, metrics, System::currentTimeMillis, networkView, inputLags);
        Properties props = Pipeline.streamsConfig(config.pipeline(), config.kafka(), metrics, defaultStateDir);
        // Where the other instances reach this one's query API: Streams shares it in its metadata.
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.api().applicationServer());
        KafkaStreams streams = new KafkaStreams(topology, props);
        PipelineRunner runner = new PipelineRunner(
                streams, topology, networkView, new PipelineFaults(metrics.registry()), registry, policy);
        streams.setUncaughtExceptionHandler(runner::onThreadFailure);
        streams.setStateListener((now, before) -> {
            log.info("Kafka Streams {} -> {}", before, now);
            if (now == KafkaStreams.State.ERROR) {
                runner.fatal(runner.faults.problem().orElse("Kafka Streams reached ERROR"));
            }
        });
        runner.registryWatch.scheduleWithFixedDelay(
                runner::probeRegistry,
                REGISTRY_PROBE_INTERVAL.toMillis(),
                REGISTRY_PROBE_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        inputLags.readFrom(streams::metrics);
        streams.start();
        return runner;
    }

    /** Runs on the dying thread: decides, logs once per cause, and waits the backoff before the thread is replaced. */
    private StreamThreadExceptionResponse onThreadFailure(Throwable failure) {
        boolean global = Thread.currentThread().getName().endsWith("GlobalStreamThread");
        Optional<String> registryProblem = global ? Optional.empty() : RegistryHealth.problemIn(failure);
        ThreadFailurePolicy.Decision decision =
                policy.onFailure(System.currentTimeMillis(), global, registryProblem.isPresent());
        if (!decision.replace()) {
            faults.fatal(decision.why());
            log.error("{}: shutting down this instance (it exits non-zero, to be restarted)", decision.why(), failure);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        if (registryProblem.isPresent()) {
            if (faults.registryProblem(registryProblem.get())) {
                log.error(
                        "{}. Processing waits (nothing is dead-lettered) and resumes when the registry answers; "
                                + "the instance reports NOT_READY until then",
                        registryProblem.get());
            }
        } else {
            log.error("A stream thread failed; {} (processing resumes from the last commit)", decision.why(), failure);
        }
        faults.replaced(registryProblem.isPresent());
        pause(decision.backoff(), registryProblem.isPresent());
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Sleeps the backoff, cut short by close() or, for a registry outage, by the registry answering again. */
    private void pause(Duration backoff, boolean untilRegistryAnswers) {
        long deadline = System.nanoTime() + backoff.toNanos();
        while (!closing
                && System.nanoTime() < deadline
                && !(untilRegistryAnswers && faults.problem().isEmpty())) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void probeRegistry() {
        if (closing || faults.problem().isEmpty()) {
            return;
        }
        try {
            registry.subjects();
            policy.outageOver();
            if (faults.registryRecovered()) {
                log.info("The schema registry answers again; processing resumes");
            }
        } catch (RuntimeException stillDown) {
            log.debug("The schema registry still cannot serve this instance: {}", stillDown.toString());
        }
    }

    private void fatal(String reason) {
        fatalReason = reason;
        fatalListeners.forEach(listener -> listener.accept(reason));
    }

    /** Called once when Kafka Streams reaches ERROR (immediately, if it already has). */
    public void onFatal(Consumer<String> listener) {
        fatalListeners.add(listener);
        String reason = fatalReason;
        if (reason != null) {
            listener.accept(reason);
        }
    }

    public PipelineFaults faults() {
        return faults;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public Topology topology() {
        return topology;
    }

    /** The instance's view of road.network; its {@link NetworkView#version()} changes with every change to it. */
    public NetworkView networkView() {
        return networkView;
    }

    /** Waits until the application is RUNNING; throws if it fails or does not get there in time. */
    public void awaitRunning(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new StartupException(
                        "the pipeline stopped while starting (state " + streams.state() + "); see the log above");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StartupException("the pipeline did not reach RUNNING within " + timeout.toSeconds()
                        + " s (state " + streams.state() + "); check that the brokers are reachable");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while starting the pipeline");
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        registryWatch.shutdownNow();
        // Leave the group (Kafka Streams' default stays in it): the instance that takes over, or this one restarted,
        // gets the partitions at once instead of after the session timeout.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }

    private static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
