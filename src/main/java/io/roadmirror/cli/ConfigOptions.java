package io.roadmirror.cli;

import io.roadmirror.config.ConfigKey;
import io.roadmirror.config.ConfigKeys;
import io.roadmirror.config.ConfigSources;
import io.roadmirror.config.RoadmirrorConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Adds one flag per configuration key (of the scopes a command uses) to a picocli command, and
 * turns what was given on the command line into the highest-precedence configuration layer.
 * Flags are generated from {@link ConfigKeys}, so help, README and code cannot drift apart.
 */
final class ConfigOptions {
    static final String CONFIG_FILE_FLAG = "--config";
    static final String KAFKA_PROPERTY_FLAG = "--kafka-property";

    private ConfigOptions() {}

    static void addTo(CommandSpec spec, Set<ConfigKey.Scope> scopes) {
        spec.addOption(OptionSpec.builder(CONFIG_FILE_FLAG)
                .paramLabel("FILE")
                .type(Path.class)
                .description("Properties file with settings (overridden by environment variables and flags). Env: "
                        + ConfigSources.CONFIG_FILE_ENV + ".")
                .build());
        if (scopes.contains(ConfigKey.Scope.KAFKA)) {
            spec.addOption(OptionSpec.builder(KAFKA_PROPERTY_FLAG)
                    .paramLabel("KEY=VALUE")
                    .type(Map.class)
                    .auxiliaryTypes(String.class, String.class)
                    .description(
                            "Any Kafka client setting for every client (e.g. security.protocol=SASL_SSL); repeatable. "
                                    + "Also kafka.<setting> in the file or ROADMIRROR_KAFKA_<SETTING> in the environment.")
                    .build());
        }
        for (ConfigKey<?> key : ConfigKeys.all()) {
            if (key.scopes().stream().anyMatch(scopes::contains) && spec.findOption(key.flag()) == null) {
                spec.addOption(OptionSpec.builder(key.flag())
                        .paramLabel(label(key))
                        .type(String.class)
                        .description(
                                key.description() + (key.hasDefault() ? " Default: " + key.defaultValue() + "." : "")
                                        + " Env: " + key.envVar() + ".")
                        .build());
            }
        }
    }

    private static String label(ConfigKey<?> key) {
        String last = key.name().substring(key.name().lastIndexOf('.') + 1);
        return "<" + last + ">";
    }

    /** The configuration: defaults &lt; --config file &lt; environment &lt; the flags given to this command. */
    static RoadmirrorConfig load(CommandSpec spec) {
        return RoadmirrorConfig.load(sources(spec, System.getenv()));
    }

    static ConfigSources sources(CommandSpec spec, Map<String, String> env) {
        ParseResult parsed = spec.commandLine().getParseResult();
        Map<String, String> flags = new LinkedHashMap<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            if (parsed.hasMatchedOption(key.flag())) {
                // As typed: a command may declare the flag with its own type (bench's --seed is a number).
                List<String> typed = parsed.matchedOption(key.flag()).stringValues();
                flags.put(key.name(), typed.isEmpty() ? "" : typed.get(typed.size() - 1));
            }
        }
        if (parsed.hasMatchedOption(KAFKA_PROPERTY_FLAG)) {
            Map<String, String> kafka = parsed.matchedOptionValue(KAFKA_PROPERTY_FLAG, Map.of());
            kafka.forEach((k, v) -> flags.put(ConfigSources.KAFKA_PASSTHROUGH_PREFIX + k, v));
        }
        Path file = parsed.matchedOptionValue(CONFIG_FILE_FLAG, null);
        return ConfigSources.layered(file, env, flags);
    }
}
