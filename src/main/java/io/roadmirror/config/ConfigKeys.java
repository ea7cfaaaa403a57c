package io.roadmirror.config;

import static io.roadmirror.config.ConfigKey.Scope.EMBEDDED;
import static io.roadmirror.config.ConfigKey.Scope.KAFKA;
import static io.roadmirror.config.ConfigKey.Scope.REGISTRY;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every configuration setting roadmirror reads. The single place where names, flags, environment
 * variables and defaults are defined: the CLI, the README table and the compose-file check use it.
 */
public final class ConfigKeys {
    private static final List<ConfigKey<?>> ALL = new ArrayList<>();

    // --- Kafka ---------------------------------------------------------------------------------
    public static final ConfigKey<String> BOOTSTRAP_SERVERS = key("bootstrap.servers", null, "localhost:9092",
            "Kafka brokers to connect to (host:port, comma-separated).", ValueParser.hostPortList(), KAFKA);
    public static final ConfigKey<String> APPLICATION_ID = key("application.id", null, "roadmirror",
            "Kafka Streams application id: the consumer group and the prefix of internal topics. Instances with the same id share the work.",
            ValueParser.nonEmpty(), KAFKA);
    public static final ConfigKey<Integer> TOPIC_PARTITIONS = key("topic.partitions", null, "6",
            "Partitions of each topic roadmirror creates (existing topics are left as they are).", ValueParser.integer(1, 10_000), KAFKA);
    public static final ConfigKey<Integer> TOPIC_REPLICATION_FACTOR = key("topic.replication.factor", null, "-1",
            "Replication factor of the topics roadmirror creates, also used for Kafka Streams' internal topics; -1 = the broker's default.",
            ValueParser.integer(-1, 32), KAFKA);

    // --- Schema registry -----------------------------------------------------------------------
    public static final ConfigKey<List<URI>> SCHEMA_REGISTRY_URL = key("schema.registry.url", null,
            "http://localhost:8081/apis/ccompat/v7",
            "Confluent-compatible Schema Registry base URL(s), comma-separated; tried in order. Apicurio: <host>/apis/ccompat/v7.",
            ValueParser.httpUrls(), REGISTRY);
    public static final ConfigKey<String> SCHEMA_REGISTRY_BASIC_AUTH = key("schema.registry.basic.auth.user.info", "--schema-registry-user-info", null,
            "user:password for HTTP basic authentication to the registry.", userInfo(), REGISTRY);
    public static final ConfigKey<Boolean> SCHEMA_REGISTRY_AUTO_REGISTER = key("schema.registry.auto.register", null, null,
            "Register schemas on first write. Default: true for `demo` (embedded registry), false otherwise: use `register-schemas`.",
            ValueParser.bool(), REGISTRY);
    public static final ConfigKey<Integer> SCHEMA_REGISTRY_CACHE_CAPACITY = key("schema.registry.cache.capacity", null, "1000",
            "Schemas and ids kept in memory per cache; the hot path never calls the registry for a known id.", ValueParser.integer(10, 1_000_000), REGISTRY);
    public static final ConfigKey<java.time.Duration> SCHEMA_REGISTRY_TIMEOUT = key("schema.registry.timeout", null, "10s",
            "Timeout of one registry request.", ValueParser.duration(java.time.Duration.ofMillis(100)), REGISTRY);
    public static final ConfigKey<Path> SCHEMA_REGISTRY_TRUSTSTORE = key("schema.registry.ssl.truststore.location", "--schema-registry-truststore", null,
            "Truststore (PKCS12 or JKS) for an https registry; default: the JVM's truststore.", pathValue(), REGISTRY);
    public static final ConfigKey<String> SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD = key("schema.registry.ssl.truststore.password", "--schema-registry-truststore-password", null,
            "Password of that truststore.", ValueParser.string(), REGISTRY);

    // --- Embedded broker and registry (demo) ------------------------------------------------------
    public static final ConfigKey<Integer> BROKER_PORT = key("embedded.broker.port", "--broker-port", "9092",
            "Port of the embedded Kafka broker (demo).", ValueParser.port(), EMBEDDED);
    public static final ConfigKey<Integer> CONTROLLER_PORT = key("embedded.controller.port", "--controller-port", "9093",
            "Port of the embedded KRaft controller (demo).", ValueParser.port(), EMBEDDED);
    public static final ConfigKey<Integer> REGISTRY_PORT = key("embedded.registry.port", "--registry-port", "8081",
            "Port of the embedded schema registry (demo).", ValueParser.port(), EMBEDDED);
    public static final ConfigKey<Path> DATA_DIR = key("embedded.data.dir", "--data-dir", null,
            "Directory for the embedded broker's logs and Streams state; default: a temporary directory removed at exit.",
            pathValue(), EMBEDDED);
    public static final ConfigKey<Path> REGISTRY_HOME = key("embedded.registry.home", "--registry-home", null,
            "Unpacked Apicurio Registry distribution; default: the one the build put beside the jar (target/registry/).",
            pathValue(), EMBEDDED);

    private static final Map<String, ConfigKey<?>> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, ConfigKey<?>> BY_ENV = new LinkedHashMap<>();

    static {
        for (ConfigKey<?> key : ALL) {
            if (BY_NAME.put(key.name(), key) != null || BY_ENV.put(key.envVar(), key) != null) {
                throw new IllegalStateException("duplicate configuration key " + key.name());
            }
        }
    }

    private ConfigKeys() {
    }

    private static <T> ConfigKey<T> key(String name, String flag, String defaultValue, String description,
                                        ValueParser<T> parser, ConfigKey.Scope scope, ConfigKey.Scope... more) {
        Set<ConfigKey.Scope> scopes = new java.util.HashSet<>();
        scopes.add(scope);
        Collections.addAll(scopes, more);
        String resolvedFlag = flag != null ? flag : "--" + name.replace('.', '-');
        ConfigKey<T> key = new ConfigKey<>(name, resolvedFlag, defaultValue, description, parser, scopes);
        ALL.add(key);
        return key;
    }

    private static ValueParser<Path> pathValue() {
        return text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("expected a file or directory path");
            }
            return Path.of(text.trim());
        };
    }

    private static ValueParser<String> userInfo() {
        return text -> {
            int colon = text.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("expected user:password");
            }
            return text;
        };
    }

    public static List<ConfigKey<?>> all() {
        return Collections.unmodifiableList(ALL);
    }

    public static Optional<ConfigKey<?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static Optional<ConfigKey<?>> byEnvVar(String envVar) {
        return Optional.ofNullable(BY_ENV.get(envVar));
    }
}
