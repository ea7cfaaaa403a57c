package io.roadmirror.config;

import java.util.Map;

/**
 * The whole typed configuration, built once at start-up from defaults &lt; properties file &lt;
 * environment variables &lt; command-line flags. Construction fails with a {@link ConfigException}
 * listing every invalid setting.
 */
public record RoadmirrorConfig(KafkaSettings kafka, RegistrySettings registry, EmbeddedSettings embedded,
                               PipelineSettings pipeline, ApiSettings api) {

    public static RoadmirrorConfig load(ConfigSources sources) {
        ConfigReader reader = new ConfigReader(sources);
        RoadmirrorConfig config = new RoadmirrorConfig(
                KafkaSettings.read(reader),
                RegistrySettings.read(reader),
                EmbeddedSettings.read(reader),
                PipelineSettings.read(reader),
                ApiSettings.read(reader));
        reader.failOnProblems();
        return config;
    }

    public static RoadmirrorConfig defaults() {
        return load(ConfigSources.defaultsOnly());
    }

    /** Convenience for tests and embedded runs: defaults plus the given flag-level overrides. */
    public static RoadmirrorConfig of(Map<String, String> overrides) {
        return load(ConfigSources.layered(null, Map.of(), overrides));
    }

    public RoadmirrorConfig withKafka(KafkaSettings kafka) {
        return new RoadmirrorConfig(kafka, registry, embedded, pipeline, api);
    }

    public RoadmirrorConfig withPipeline(PipelineSettings pipeline) {
        return new RoadmirrorConfig(kafka, registry, embedded, pipeline, api);
    }

    public RoadmirrorConfig withRegistry(RegistrySettings registry) {
        return new RoadmirrorConfig(kafka, registry, embedded, pipeline, api);
    }
}
