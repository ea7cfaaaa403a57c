package io.roadmirror.config;

import io.roadmirror.sim.SimulatorSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The whole typed configuration, built once at start-up from defaults &lt; properties file &lt;
 * environment variables &lt; command-line flags. Construction fails with a {@link ConfigException}
 * listing every invalid setting.
 */
public record RoadmirrorConfig(
        KafkaSettings kafka,
        RegistrySettings registry,
        EmbeddedSettings embedded,
        PipelineSettings pipeline,
        Optional<Path> networkFile,
        SimulatorSettings simulator,
        ApiSettings api) {

    public static RoadmirrorConfig load(ConfigSources sources) {
        ConfigReader reader = new ConfigReader(sources);
        RoadmirrorConfig config = new RoadmirrorConfig(
                KafkaSettings.read(reader),
                RegistrySettings.read(reader),
                EmbeddedSettings.read(reader),
                PipelineSettings.read(reader),
                reader.optional(ConfigKeys.NETWORK_FILE),
                simulator(reader),
                ApiSettings.read(reader));
        reader.failOnProblems();
        return config;
    }

    private static SimulatorSettings simulator(ConfigReader r) {
        return new SimulatorSettings(
                r.get(ConfigKeys.SIM_SPEEDUP),
                r.get(ConfigKeys.SIM_SEED),
                r.get(ConfigKeys.SIM_GATEWAYS),
                r.get(ConfigKeys.SIM_VEHICLES),
                r.get(ConfigKeys.SIM_INCIDENT_RATE),
                r.optional(ConfigKeys.SIM_START),
                new SimulatorSettings.Realism(
                        r.get(ConfigKeys.SIM_DROPOUT),
                        r.get(ConfigKeys.SIM_DUPLICATES),
                        r.get(ConfigKeys.SIM_LATE),
                        r.get(ConfigKeys.SIM_CLOCK_SKEW),
                        r.get(ConfigKeys.SIM_GARBAGE)));
    }

    public static RoadmirrorConfig defaults() {
        return load(ConfigSources.defaultsOnly());
    }

    /** Convenience for tests and embedded runs: defaults plus the given flag-level overrides. */
    public static RoadmirrorConfig of(Map<String, String> overrides) {
        return load(ConfigSources.layered(null, Map.of(), overrides));
    }

    public RoadmirrorConfig withKafka(KafkaSettings kafka) {
        return new RoadmirrorConfig(kafka, registry, embedded, pipeline, networkFile, simulator, api);
    }

    public RoadmirrorConfig withPipeline(PipelineSettings pipeline) {
        return new RoadmirrorConfig(kafka, registry, embedded, pipeline, networkFile, simulator, api);
    }

    public RoadmirrorConfig withRegistry(RegistrySettings registry) {
        return new RoadmirrorConfig(kafka, registry, embedded, pipeline, networkFile, simulator, api);
    }
}
