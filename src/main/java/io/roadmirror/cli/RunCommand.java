package io.roadmirror.cli;

import io.roadmirror.api.ServedPipeline;
import io.roadmirror.config.ConfigKey;
import io.roadmirror.config.ConfigKeys;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.runtime.Lifecycle;
import io.roadmirror.runtime.Ports;
import io.roadmirror.runtime.RegistryHealth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the pipeline against a Kafka cluster and schema registry: validation and dead letters, the live mirror, "
                    + "incident detection, hotspots and routing advisories.",
            "Start more instances with the same --application-id to scale out. Stop with Ctrl-C / SIGTERM."
        })
final class RunCommand implements Callable<Integer>, ConfiguredCommand {
    /** The exit code when the pipeline reached a fatal state (Kafka Streams ERROR): restart me. */
    static final int FATAL_EXIT = 3;

    @Spec
    CommandSpec spec;

    @Override
    public Set<ConfigKey.Scope> configScopes() {
        return Set.of(ConfigKey.Scope.KAFKA, ConfigKey.Scope.REGISTRY, ConfigKey.Scope.PIPELINE, ConfigKey.Scope.API);
    }

    @Override
    public Integer call() throws Exception {
        RoadmirrorConfig config = ConfigOptions.load(spec);
        Ports.requireFree(config.api().port(), "query API", ConfigKeys.API_PORT.flag());
        try (Lifecycle lifecycle = new Lifecycle()) {
            SchemaRegistryClient registry = lifecycle.own(new HttpSchemaRegistryClient(config.registry()));
            RegistryHealth.requireUsable(registry);
            ServedPipeline served = lifecycle.own(ServedPipeline.start(
                    config,
                    registry,
                    config.registry().autoRegisterOr(false),
                    Path.of(System.getProperty("java.io.tmpdir"), "roadmirror-state"),
                    Duration.ofMinutes(5)));
            served.pipeline().onFatal(lifecycle::fail);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "roadmirror pipeline running (application.id %s, %s) against %s%n",
                            config.kafka().applicationId(),
                            config.pipeline().processingGuarantee(),
                            config.kafka().bootstrapServers());
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Query API and live map on %s (other instances reach it at %s)%n",
                            served.api().url(), config.api().applicationServer());
            spec.commandLine().getOut().flush();
            lifecycle.awaitStop(null);
            if (lifecycle.failure().isPresent()) {
                spec.commandLine()
                        .getErr()
                        .println("roadmirror: the pipeline stopped: "
                                + lifecycle.failure().get());
                spec.commandLine().getErr().flush();
                return FATAL_EXIT;
            }
        }
        return 0;
    }
}
