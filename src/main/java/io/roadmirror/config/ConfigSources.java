package io.roadmirror.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Raw configuration text layered by precedence: defaults &lt; properties file &lt; environment
 * variables &lt; command-line flags. Remembers where each value came from so an error can say which
 * source to fix. Unknown names in the file or unknown ROADMIRROR_* variables are errors (typos
 * should not silently fall back to a default).
 */
public final class ConfigSources {

    /** Client settings passed through to every Kafka client (producer, consumer, admin, Streams). */
    public static final String KAFKA_PASSTHROUGH_PREFIX = "kafka.";
    /** Environment variable naming the properties file, as the --config flag does. */
    public static final String CONFIG_FILE_ENV = ConfigKey.ENV_PREFIX + "CONFIG";
    /** Read by the launcher script, not by the application. */
    public static final String JAVA_OPTS_ENV = ConfigKey.ENV_PREFIX + "JAVA_OPTS";

    public record Value(String text, String origin) {}

    private final Map<String, Value> values;
    private final List<String> problems;

    private ConfigSources(Map<String, Value> values, List<String> problems) {
        this.values = values;
        this.problems = problems;
    }

    public static ConfigSources defaultsOnly() {
        return layered(null, Map.of(), Map.of());
    }

    /**
     * @param file  properties file, or null; when null the ROADMIRROR_CONFIG variable may name one
     * @param env   the process environment (only ROADMIRROR_* variables are looked at)
     * @param flags property name to value, from command-line flags
     */
    public static ConfigSources layered(Path file, Map<String, String> env, Map<String, String> flags) {
        Map<String, Value> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();

        Path configFile = file;
        if (configFile == null
                && env.get(CONFIG_FILE_ENV) != null
                && !env.get(CONFIG_FILE_ENV).isBlank()) {
            configFile = Path.of(env.get(CONFIG_FILE_ENV));
        }
        if (configFile != null) {
            readFile(configFile, values, problems);
        }
        readEnvironment(env, values, problems);
        flags.forEach((name, text) -> values.put(name, new Value(text, "flag " + flagOf(name))));
        return new ConfigSources(values, problems);
    }

    private static void readFile(Path file, Map<String, Value> values, List<String> problems) {
        if (!Files.isReadable(file)) {
            problems.add("configuration file " + file
                    + " does not exist or cannot be read; fix the path given to --config or " + CONFIG_FILE_ENV);
            return;
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            problems.add("configuration file " + file + " cannot be parsed as Java properties: " + e.getMessage());
            return;
        }
        for (String name : new TreeMap<>(propsAsMap(props)).keySet()) {
            if (ConfigKeys.byName(name).isEmpty() && !name.startsWith(KAFKA_PASSTHROUGH_PREFIX)) {
                problems.add("unknown setting '" + name + "' in " + file
                        + "; see `roadmirror <command> --help` or the README's configuration table");
                continue;
            }
            values.put(name, new Value(props.getProperty(name), "file " + file));
        }
    }

    private static Map<String, String> propsAsMap(Properties props) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            map.put(name, props.getProperty(name));
        }
        return map;
    }

    private static void readEnvironment(Map<String, String> env, Map<String, Value> values, List<String> problems) {
        String kafkaEnvPrefix = ConfigKey.envVarOf(KAFKA_PASSTHROUGH_PREFIX);
        for (String var : new TreeMap<>(env).keySet()) {
            if (!var.startsWith(ConfigKey.ENV_PREFIX) || var.equals(CONFIG_FILE_ENV) || var.equals(JAVA_OPTS_ENV)) {
                continue;
            }
            Optional<ConfigKey<?>> key = ConfigKeys.byEnvVar(var);
            if (key.isPresent()) {
                values.put(key.get().name(), new Value(env.get(var), "environment " + var));
            } else if (var.startsWith(kafkaEnvPrefix)) {
                // Kafka client property names have dots and no underscores, as in Confluent's images.
                String property = var.substring(kafkaEnvPrefix.length())
                        .toLowerCase(Locale.ROOT)
                        .replace('_', '.');
                values.put(KAFKA_PASSTHROUGH_PREFIX + property, new Value(env.get(var), "environment " + var));
            } else {
                problems.add("unknown environment variable " + var
                        + "; see the README's configuration table for the variables roadmirror reads");
            }
        }
    }

    private static String flagOf(String name) {
        return ConfigKeys.byName(name).map(ConfigKey::flag).orElse("--kafka-property " + name);
    }

    public Optional<Value> raw(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Problems found while reading the sources themselves (unreadable file, unknown names). */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The kafka.* pass-through settings, prefix stripped, in precedence order already applied. */
    public Map<String, String> kafkaPassthrough() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((name, value) -> {
            if (name.startsWith(KAFKA_PASSTHROUGH_PREFIX)) {
                out.put(name.substring(KAFKA_PASSTHROUGH_PREFIX.length()), value.text());
            }
        });
        return out;
    }
}
