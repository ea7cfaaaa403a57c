package io.roadmirror.config;

import static io.roadmirror.config.ConfigKey.Scope.API;
import static io.roadmirror.config.ConfigKey.Scope.EMBEDDED;
import static io.roadmirror.config.ConfigKey.Scope.KAFKA;
import static io.roadmirror.config.ConfigKey.Scope.NETWORK;
import static io.roadmirror.config.ConfigKey.Scope.PIPELINE;
import static io.roadmirror.config.ConfigKey.Scope.REGISTRY;
import static io.roadmirror.config.ConfigKey.Scope.SIMULATOR;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
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
    public static final ConfigKey<String> BOOTSTRAP_SERVERS = key(
            "bootstrap.servers",
            null,
            "localhost:9092",
            "Kafka brokers to connect to (host:port, comma-separated).",
            ValueParser.hostPortList(),
            KAFKA);
    public static final ConfigKey<String> APPLICATION_ID = key(
            "application.id",
            null,
            "roadmirror",
            "Kafka Streams application id: the consumer group and the prefix of internal topics. Instances with the same id share the work.",
            ValueParser.nonEmpty(),
            KAFKA);
    public static final ConfigKey<Integer> TOPIC_PARTITIONS = key(
            "topic.partitions",
            null,
            "6",
            "Partitions of each topic roadmirror creates (existing topics are left as they are).",
            ValueParser.integer(1, 10_000),
            KAFKA);
    public static final ConfigKey<Integer> TOPIC_REPLICATION_FACTOR = key(
            "topic.replication.factor",
            null,
            "-1",
            "Replication factor of the topics roadmirror creates, also used for Kafka Streams' internal topics; -1 = the broker's default.",
            ValueParser.integer(-1, 32),
            KAFKA);

    // --- Schema registry -----------------------------------------------------------------------
    public static final ConfigKey<List<URI>> SCHEMA_REGISTRY_URL = key(
            "schema.registry.url",
            null,
            "http://localhost:8081/apis/ccompat/v7",
            "Confluent-compatible Schema Registry base URL(s), comma-separated; tried in order. Apicurio: <host>/apis/ccompat/v7.",
            ValueParser.httpUrls(),
            REGISTRY);
    public static final ConfigKey<String> SCHEMA_REGISTRY_BASIC_AUTH = key(
            "schema.registry.basic.auth.user.info",
            "--schema-registry-user-info",
            null,
            "user:password for HTTP basic authentication to the registry.",
            userInfo(),
            REGISTRY);
    public static final ConfigKey<Boolean> SCHEMA_REGISTRY_AUTO_REGISTER = key(
            "schema.registry.auto.register",
            null,
            null,
            "Register schemas on first write. Default: true for `demo` (embedded registry), false otherwise: use `register-schemas`.",
            ValueParser.bool(),
            REGISTRY);
    public static final ConfigKey<Integer> SCHEMA_REGISTRY_CACHE_CAPACITY = key(
            "schema.registry.cache.capacity",
            null,
            "1000",
            "Schemas and ids kept in memory per cache; the hot path never calls the registry for a known id.",
            ValueParser.integer(10, 1_000_000),
            REGISTRY);
    public static final ConfigKey<Duration> SCHEMA_REGISTRY_TIMEOUT = key(
            "schema.registry.timeout",
            null,
            "10s",
            "Timeout of one registry request.",
            ValueParser.duration(Duration.ofMillis(100)),
            REGISTRY);
    public static final ConfigKey<Path> SCHEMA_REGISTRY_TRUSTSTORE = key(
            "schema.registry.ssl.truststore.location",
            "--schema-registry-truststore",
            null,
            "Truststore (PKCS12 or JKS) for an https registry; default: the JVM's truststore.",
            pathValue(),
            REGISTRY);
    public static final ConfigKey<String> SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD = key(
            "schema.registry.ssl.truststore.password",
            "--schema-registry-truststore-password",
            null,
            "Password of that truststore.",
            ValueParser.string(),
            REGISTRY);
    public static final ConfigKey<Path> SCHEMA_REGISTRY_KEYSTORE = key(
            "schema.registry.ssl.keystore.location",
            "--schema-registry-keystore",
            null,
            "Keystore (PKCS12 or JKS) with the client certificate for a registry that requires mutual TLS.",
            pathValue(),
            REGISTRY);
    public static final ConfigKey<String> SCHEMA_REGISTRY_KEYSTORE_PASSWORD = key(
            "schema.registry.ssl.keystore.password",
            "--schema-registry-keystore-password",
            null,
            "Password of that keystore.",
            ValueParser.string(),
            REGISTRY);
    public static final ConfigKey<String> SCHEMA_REGISTRY_KEY_PASSWORD = key(
            "schema.registry.ssl.key.password",
            "--schema-registry-key-password",
            null,
            "Password of the client certificate's private key; default: the keystore's password.",
            ValueParser.string(),
            REGISTRY);
    public static final ConfigKey<String> SCHEMA_REGISTRY_BEARER_TOKEN = key(
            "schema.registry.bearer.auth.token",
            "--schema-registry-bearer-token",
            null,
            "Bearer token sent to the registry (Authorization: Bearer); instead of basic auth. Prefer the environment variable to a flag.",
            ValueParser.nonEmpty(),
            REGISTRY);
    public static final ConfigKey<Boolean> SCHEMA_REGISTRY_ALLOW_INSECURE_AUTH = key(
            "schema.registry.allow-insecure-auth",
            null,
            "false",
            "Allow sending registry credentials over plain http (they cross the network readable); otherwise credentials need an https URL.",
            ValueParser.bool(),
            REGISTRY);

    // --- Embedded broker and registry (demo) ------------------------------------------------------
    public static final ConfigKey<Integer> BROKER_PORT = key(
            "embedded.broker.port",
            "--broker-port",
            "9092",
            "Port of the embedded Kafka broker (demo).",
            ValueParser.port(),
            EMBEDDED);
    public static final ConfigKey<Integer> CONTROLLER_PORT = key(
            "embedded.controller.port",
            "--controller-port",
            "9093",
            "Port of the embedded KRaft controller (demo).",
            ValueParser.port(),
            EMBEDDED);
    public static final ConfigKey<Integer> REGISTRY_PORT = key(
            "embedded.registry.port",
            "--registry-port",
            "8081",
            "Port of the embedded schema registry (demo).",
            ValueParser.port(),
            EMBEDDED);
    public static final ConfigKey<Path> DATA_DIR = key(
            "embedded.data.dir",
            "--data-dir",
            null,
            "Directory for the embedded broker's logs and Streams state; default: a temporary directory removed at exit."
                    + " Started again on the same directory, even after kill -9, the demo resumes where it stopped.",
            pathValue(),
            EMBEDDED);
    public static final ConfigKey<Path> REGISTRY_HOME = key(
            "embedded.registry.home",
            "--registry-home",
            null,
            "Unpacked Apicurio Registry distribution; default: the one the build put beside the jar (target/registry/).",
            pathValue(),
            EMBEDDED);

    // --- Pipeline (Kafka Streams and the domain rules of docs/design.md) ---------------------------
    public static final ConfigKey<String> PROCESSING_GUARANTEE = key(
            "processing.guarantee",
            null,
            "exactly_once_v2",
            "Kafka Streams processing guarantee: exactly_once_v2 or at_least_once.",
            oneOfStrings("exactly_once_v2", "at_least_once"),
            PIPELINE);
    public static final ConfigKey<Integer> STREAM_THREADS = key(
            "num.stream.threads", null, "2", "Stream threads of this instance.", ValueParser.integer(1, 64), PIPELINE);
    public static final ConfigKey<Duration> COMMIT_INTERVAL = key(
            "commit.interval",
            null,
            "100ms",
            "How often Streams commits (and, exactly-once, how long output waits for its transaction); the mirror "
                    + "waits two of them for a source that wakes up.",
            ValueParser.duration(Duration.ofMillis(10)),
            PIPELINE);
    public static final ConfigKey<Path> STATE_DIR = key(
            "state.dir",
            null,
            null,
            "Directory of the local state stores; default: <tmp>/roadmirror-state (demo: inside its data directory).",
            pathValue(),
            PIPELINE);
    public static final ConfigKey<Duration> INGEST_MAX_FUTURE = key(
            "ingest.max.future",
            null,
            "5m",
            "Event times further ahead of the wall clock go to the dead letters as FUTURE_TIMESTAMP.",
            ValueParser.duration(Duration.ZERO),
            PIPELINE);
    public static final ConfigKey<Double> INGEST_MAX_SPEED = key(
            "ingest.max.speed.kph",
            null,
            "300",
            "Speeds above this (km/h) are not physical: INVALID_VALUE.",
            ValueParser.decimal(1, 1000),
            PIPELINE);
    public static final ConfigKey<Duration> MIRROR_HORIZON = key(
            "mirror.horizon",
            null,
            "3m",
            "Trailing event-time horizon of the mirror: older readings do not count; a segment without any is UNKNOWN.",
            ValueParser.duration(Duration.ofSeconds(1)),
            PIPELINE);
    public static final ConfigKey<Duration> MIRROR_GRACE = key(
            "mirror.grace",
            null,
            null,
            "Readings further than this behind the stream time go to the dead letters as LATE; default: the mirror's horizon.",
            ValueParser.duration(Duration.ZERO),
            PIPELINE);
    public static final ConfigKey<Double> MIRROR_FREE_FLOW_RATIO = key(
            "mirror.free.flow.ratio",
            null,
            "0.75",
            "speed / limit at or above which a segment is FREE_FLOW.",
            ValueParser.decimal(0.01, 1.5),
            PIPELINE);
    public static final ConfigKey<Double> MIRROR_SLOW_RATIO = key(
            "mirror.slow.ratio",
            null,
            "0.50",
            "speed / limit at or above which it is SLOW.",
            ValueParser.decimal(0.01, 1.5),
            PIPELINE);
    public static final ConfigKey<Double> MIRROR_CONGESTED_RATIO = key(
            "mirror.congested.ratio",
            null,
            "0.25",
            "speed / limit at or above which it is CONGESTED; below, STOPPED.",
            ValueParser.decimal(0.01, 1.5),
            PIPELINE);
    public static final ConfigKey<Duration> MIRROR_TICK = key(
            "mirror.tick",
            null,
            "500ms",
            "Grid of event times at which segments are evaluated (once every source has passed the time): a state's asOf is "
                    + "on it.",
            ValueParser.duration(Duration.ofMillis(10)),
            PIPELINE);
    public static final ConfigKey<Integer> DETECTOR_STOPPED_REPORTS = key(
            "detector.stopped.reports",
            null,
            "4",
            "Consecutive speed-0 reports at one position that make a probe vehicle stopped.",
            ValueParser.integer(1, 100),
            PIPELINE);
    public static final ConfigKey<Integer> DETECTOR_MIN_VEHICLES = key(
            "detector.min.vehicles",
            null,
            "2",
            "Stopped vehicles at one position that make a detected CRASH.",
            ValueParser.integer(1, 100),
            PIPELINE);
    public static final ConfigKey<Double> DETECTOR_POSITION_TOLERANCE = key(
            "detector.position.tolerance.meters",
            null,
            "10",
            "Positions this close along a segment (m) are the same position.",
            ValueParser.decimal(0, 1000),
            PIPELINE);
    public static final ConfigKey<Duration> DETECTOR_SILENCE = key(
            "detector.silence.timeout",
            null,
            "15m",
            "A probe vehicle silent this long is forgotten (a stopped one counts as moved).",
            ValueParser.duration(Duration.ofSeconds(1)),
            PIPELINE);
    public static final ConfigKey<Integer> DETECTOR_CRASH_SEVERITY = key(
            "detector.crash.severity",
            null,
            "3",
            "Severity (1-5) given to a detected CRASH.",
            ValueParser.integer(1, 5),
            PIPELINE);
    public static final ConfigKey<Duration> INCIDENT_MAX_OPEN = key(
            "incident.max-open",
            null,
            "12h",
            "An OPEN incident no report touches for this long (event time) is closed by the pipeline with a CLEARED report.",
            ValueParser.duration(Duration.ofMinutes(1)),
            PIPELINE);
    public static final ConfigKey<Duration> HOTSPOT_WINDOW = key(
            "hotspot.window",
            null,
            "24h",
            "Trailing event-time window of incident openings for hotspots.",
            ValueParser.duration(Duration.ofMinutes(1)),
            PIPELINE);
    public static final ConfigKey<Integer> HOTSPOT_THRESHOLD = key(
            "hotspot.threshold",
            null,
            "3",
            "Distinct incidents in the window that make a HOTSPOT (one fewer: WATCH).",
            ValueParser.integer(1, 1000),
            PIPELINE);
    public static final ConfigKey<Integer> HOTSPOT_SCORE = key(
            "hotspot.score",
            null,
            "8",
            "Summed severity in the window that makes a HOTSPOT.",
            ValueParser.integer(1, 10000),
            PIPELINE);
    public static final ConfigKey<Integer> ADVISORY_MIN_SEVERITY = key(
            "advisory.min.incident.severity",
            null,
            "3",
            "Open incidents of at least this severity raise an advisory.",
            ValueParser.integer(1, 5),
            PIPELINE);
    public static final ConfigKey<Duration> ADVISORY_REPEAT_WINDOW = key(
            "advisory.repeat.window",
            null,
            "60s",
            "The same condition again within this event time is not news ...",
            ValueParser.duration(Duration.ZERO),
            PIPELINE);
    public static final ConfigKey<Double> ADVISORY_DETOUR_CHANGE = key(
            "advisory.detour.change.ratio",
            null,
            "0.20",
            "... unless the detour's travel time changed by more than this share.",
            ValueParser.decimal(0, 10),
            PIPELINE);
    public static final ConfigKey<Double> ADVISORY_APPROACH_METERS = key(
            "advisory.approach.meters",
            null,
            "2000",
            "Upstream segments within this road distance (m) are listed as approaches.",
            ValueParser.decimal(0, 1_000_000),
            PIPELINE);
    public static final ConfigKey<Duration> ADVISORY_VALIDITY = key(
            "advisory.validity",
            null,
            "15m",
            "validUntil of a raised advisory: its event time plus this.",
            ValueParser.duration(Duration.ofSeconds(1)),
            PIPELINE);

    // --- Network and simulator ------------------------------------------------------------------------
    public static final ConfigKey<Path> NETWORK_FILE = key(
            "network.file",
            "--network",
            null,
            "Road network to load: a GeoJSON file (see docs/simulator.md) or a PEMS-BAY sensor-graph directory; default: the bundled sample city.",
            pathValue(),
            NETWORK);
    public static final ConfigKey<Double> SIM_SPEEDUP = key(
            "sim.speedup",
            "--speedup",
            "60",
            "Simulated seconds per wall-clock second, until the simulated clock reaches the present (then real time).",
            ValueParser.decimal(0.1, 10_000),
            SIMULATOR);
    public static final ConfigKey<Long> SIM_SEED = key(
            "sim.seed",
            "--seed",
            "42",
            "Seed of the simulation: the same seed and start give the same events.",
            ValueParser.longValue(Long.MIN_VALUE, Long.MAX_VALUE),
            SIMULATOR);
    public static final ConfigKey<Instant> SIM_START = key(
            "sim.start",
            "--sim-start",
            null,
            "Simulated start time (ISO-8601, e.g. 2026-03-15T06:30:00Z); default: 06:30 UTC of the morning about a day ago.",
            instant(),
            SIMULATOR);
    public static final ConfigKey<Integer> SIM_GATEWAYS = key(
            "sim.gateways",
            "--gateways",
            "4",
            "IoT gateways (one producer each); sensors and probe vehicles are spread over them.",
            ValueParser.integer(1, 1000),
            SIMULATOR);
    public static final ConfigKey<Integer> SIM_VEHICLES = key(
            "sim.vehicles",
            "--vehicles",
            "150",
            "Connected probe vehicles driving through the city.",
            ValueParser.integer(0, 1_000_000),
            SIMULATOR);
    public static final ConfigKey<Double> SIM_INCIDENT_RATE = key(
            "sim.incidents.per.hour",
            "--incidents-per-hour",
            "8",
            "Incidents starting per simulated hour over the whole network.",
            ValueParser.decimal(0, 10_000),
            SIMULATOR);
    public static final ConfigKey<Double> SIM_DROPOUT = key(
            "sim.dropout.rate",
            "--dropout-rate",
            "0.01",
            "Chance per report that a sensor falls silent for 10 minutes (the mirror must notice).",
            ValueParser.decimal(0, 1),
            SIMULATOR);
    public static final ConfigKey<Double> SIM_DUPLICATES = key(
            "sim.duplicate.rate",
            "--duplicate-rate",
            "0.005",
            "Chance that a gateway sends a reading twice.",
            ValueParser.decimal(0, 1),
            SIMULATOR);
    public static final ConfigKey<Double> SIM_LATE = key(
            "sim.late.rate",
            "--late-rate",
            "0.002",
            "Chance that a reading is held back 2 minutes (it arrives LATE).",
            ValueParser.decimal(0, 1),
            SIMULATOR);
    public static final ConfigKey<Duration> SIM_CLOCK_SKEW = key(
            "sim.clock.skew",
            "--clock-skew",
            "0s",
            "Each sensor's clock is off by up to this much, either way.",
            ValueParser.duration(Duration.ZERO),
            SIMULATOR);
    public static final ConfigKey<Double> SIM_GARBAGE = key(
            "sim.garbage.rate",
            "--garbage-rate",
            "0.0005",
            "Chance that a gateway sends bytes that are not a record (they go to the dead letters).",
            ValueParser.decimal(0, 1),
            SIMULATOR);
    // --- Query API and live map (demo, run) ---------------------------------------------------------
    public static final ConfigKey<String> API_HOST = key(
            "api.host",
            "--api-host",
            "127.0.0.1",
            "Interface the query API and live map listen on; 0.0.0.0 for every interface (needed when other instances "
                    + "or a container host must reach it).",
            ValueParser.nonEmpty(),
            API);
    public static final ConfigKey<Integer> API_PORT =
            key("api.port", "--api-port", "8080", "Port of the query API and live map.", ValueParser.port(), API);
    public static final ConfigKey<String> APPLICATION_SERVER = key(
            "application.server",
            "--application-server",
            null,
            "host:port at which the other instances reach this one's API (Kafka Streams application.server; queries for keys "
                    + "another instance owns are forwarded there). Default: api.host:api.port, the machine's host name for 0.0.0.0.",
            ValueParser.hostPort(),
            API);
    public static final ConfigKey<Integer> API_INTERNAL_PORT = key(
            "api.internal.port",
            "--api-internal-port",
            null,
            "Separate port for the routes between instances (/internal/*) and /metrics, e.g. on a private network; then "
                    + "application.server defaults to api.host:api.internal.port. Default: they share api.port.",
            ValueParser.port(),
            API);
    public static final ConfigKey<Path> API_TLS_KEYSTORE = key(
            "api.tls.keystore",
            "--api-tls-keystore",
            null,
            "Keystore (PKCS12 or JKS) with the API's certificate and key: the API then speaks https only, instances call each other over https.",
            pathValue(),
            API);
    public static final ConfigKey<String> API_TLS_KEYSTORE_PASSWORD = key(
            "api.tls.keystore.password",
            "--api-tls-keystore-password",
            null,
            "Password of that keystore (and of its key). Prefer the environment variable.",
            ValueParser.string(),
            API);
    public static final ConfigKey<String> API_TLS_KEYSTORE_TYPE = key(
            "api.tls.keystore.type",
            "--api-tls-keystore-type",
            "PKCS12",
            "Type of the API's keystore and truststore: PKCS12 or JKS.",
            oneOfStrings("PKCS12", "JKS"),
            API);
    public static final ConfigKey<Path> API_TLS_TRUSTSTORE = key(
            "api.tls.truststore",
            "--api-tls-truststore",
            null,
            "Truststore with which an instance checks the other instances' certificates; default: the JVM's truststore.",
            pathValue(),
            API);
    public static final ConfigKey<String> API_TLS_TRUSTSTORE_PASSWORD = key(
            "api.tls.truststore.password",
            "--api-tls-truststore-password",
            null,
            "Password of that truststore.",
            ValueParser.string(),
            API);
    public static final ConfigKey<String> API_AUTH_TOKENS = key(
            "api.auth.tokens",
            "--api-auth-tokens",
            null,
            "Bearer tokens accepted on the public routes, comma-separated (at least 16 characters each); set through the environment, "
                    + "not a flag. Default: no authentication.",
            ValueParser.string(),
            API);
    public static final ConfigKey<Path> API_AUTH_TOKENS_FILE = key(
            "api.auth.tokens.file",
            "--api-auth-tokens-file",
            null,
            "File of bearer tokens accepted on the public routes, one per line (# comments); read at start-up.",
            pathValue(),
            API);
    public static final ConfigKey<String> API_INTERNAL_SECRET = key(
            "api.internal.secret",
            "--api-internal-secret",
            null,
            "Shared secret (at least 16 characters) the instances present to each other on /internal/*; the same on every instance. "
                    + "Required with api.auth.tokens.",
            ValueParser.string(),
            API);
    public static final ConfigKey<String> API_CORS_ORIGINS = key(
            "api.cors.allowed.origins",
            "--api-cors-allowed-origins",
            null,
            "Origins (scheme://host[:port], comma-separated) whose web pages may call the API from a browser; * for any. "
                    + "Default: none (same origin only).",
            ValueParser.string(),
            API);
    public static final ConfigKey<Integer> API_MAX_CONCURRENT = key(
            "api.max.concurrent.requests",
            "--api-max-concurrent-requests",
            "64",
            "Query requests answered at once; past it the API answers 503 with Retry-After, so queries cannot starve the pipeline.",
            ValueParser.integer(1, 10_000),
            API);
    public static final ConfigKey<Integer> API_MAX_CONCURRENT_BULK = key(
            "api.max.concurrent.bulk",
            "--api-max-concurrent-bulk",
            "4",
            "Of those, answers about the whole network (/api/network, /api/segments) at once.",
            ValueParser.integer(1, 1_000),
            API);
    public static final ConfigKey<Duration> API_CACHE_MAX_AGE = key(
            "api.cache.max.age",
            "--api-cache-max-age",
            "5s",
            "While the mirror keeps changing, whole-network answers are rebuilt at most this often (between builds clients get the last "
                    + "one, with its ETag).",
            ValueParser.duration(Duration.ZERO),
            API);
    public static final ConfigKey<Integer> API_SSE_MAX_CLIENTS = key(
            "api.sse.max.clients",
            "--api-sse-max-clients",
            "100",
            "Clients of /api/stream at once; past it 503 with Retry-After.",
            ValueParser.integer(1, 100_000),
            API);
    public static final ConfigKey<Integer> API_SSE_CLIENT_QUEUE = key(
            "api.sse.client.queue",
            "--api-sse-client-queue",
            "1000",
            "Events waiting for one /api/stream client; a client that falls this far behind is dropped (it reconnects and resumes).",
            ValueParser.integer(10, 1_000_000),
            API);
    public static final ConfigKey<Integer> API_SSE_REPLAY = key(
            "api.sse.replay",
            "--api-sse-replay",
            "1000",
            "Recent events kept for clients that reconnect with Last-Event-ID.",
            ValueParser.integer(0, 1_000_000),
            API);

    private static final Map<String, ConfigKey<?>> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, ConfigKey<?>> BY_ENV = new LinkedHashMap<>();

    static {
        for (ConfigKey<?> key : ALL) {
            if (BY_NAME.put(key.name(), key) != null || BY_ENV.put(key.envVar(), key) != null) {
                throw new IllegalStateException("duplicate configuration key " + key.name());
            }
        }
    }

    private ConfigKeys() {}

    private static <T> ConfigKey<T> key(
            String name,
            String flag,
            String defaultValue,
            String description,
            ValueParser<T> parser,
            ConfigKey.Scope scope,
            ConfigKey.Scope... more) {
        Set<ConfigKey.Scope> scopes = new HashSet<>();
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

    private static ValueParser<Instant> instant() {
        return text -> {
            try {
                return Instant.parse(text.trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("expected an ISO-8601 instant such as 2026-03-15T06:30:00Z");
            }
        };
    }

    private static ValueParser<String> oneOfStrings(String... allowed) {
        return text -> {
            for (String a : allowed) {
                if (a.equalsIgnoreCase(text.trim())) {
                    return a;
                }
            }
            throw new IllegalArgumentException("expected one of " + String.join(", ", allowed));
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
