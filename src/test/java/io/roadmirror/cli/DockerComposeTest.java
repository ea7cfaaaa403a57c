package io.roadmirror.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.roadmirror.config.ConfigKey;
import io.roadmirror.config.ConfigKeys;
import io.roadmirror.config.ConfigSources;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is checked against the code instead,
 * and validated by `docker-compose config` where that binary is installed.
 */
@Timeout(60)
class DockerComposeTest {
    private static final JsonNode COMPOSE = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory())
                    .readTree(Path.of("docker-compose.yml").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Map.Entry<String, JsonNode>> roadmirrorServices() {
        List<Map.Entry<String, JsonNode>> services = new ArrayList<>();
        COMPOSE.path("services").fields().forEachRemaining(e -> {
            if (e.getValue().path("image").asText().startsWith("roadmirror")
                    || e.getValue().has("build")) {
                services.add(e);
            }
        });
        return services;
    }

    @Test
    void everyEnvironmentVariablePassedToRoadmirrorIsOneItReads() {
        List<String> unknown = new ArrayList<>();
        for (var service : roadmirrorServices()) {
            service.getValue().path("environment").fieldNames().forEachRemaining(var -> {
                boolean known = ConfigKeys.byEnvVar(var).isPresent()
                        || var.startsWith(ConfigKey.envVarOf(ConfigSources.KAFKA_PASSTHROUGH_PREFIX))
                        || var.equals(ConfigSources.CONFIG_FILE_ENV)
                        || var.equals(ConfigSources.JAVA_OPTS_ENV);
                if (!known) {
                    unknown.add(service.getKey() + ": " + var);
                }
            });
        }
        assertFalse(roadmirrorServices().isEmpty());
        assertTrue(unknown.isEmpty(), "compose passes variables roadmirror does not read: " + unknown);
    }

    @Test
    void everyCommandItRunsIsARoadmirrorCommand() {
        var commands = Main.commandLine().getSubcommands().keySet();
        for (var service : roadmirrorServices()) {
            String command = service.getValue().path("command").path(0).asText();
            assertTrue(commands.contains(command), service.getKey() + " runs unknown command '" + command + "'");
        }
    }

    @Test
    void everyDependencyWaitsForHealthOrCompletion() {
        COMPOSE.path("services")
                .fields()
                .forEachRemaining(service -> service.getValue()
                        .path("depends_on")
                        .fields()
                        .forEachRemaining(dep -> {
                            String condition = dep.getValue().path("condition").asText();
                            assertTrue(
                                    condition.equals("service_healthy")
                                            || condition.equals("service_completed_successfully"),
                                    service.getKey() + " -> " + dep.getKey() + ": " + condition);
                            JsonNode target = COMPOSE.path("services").path(dep.getKey());
                            assertFalse(target.isMissingNode(), "depends on a service that exists: " + dep.getKey());
                            if (condition.equals("service_healthy")) {
                                assertTrue(target.has("healthcheck"), dep.getKey() + " needs a healthcheck");
                            }
                        }));
    }

    // --- production shape (DESIGN.md, "Running"; docs/security.md) ------------------------------------

    private static List<String> servicesNamed(String prefix) {
        List<String> names = new ArrayList<>();
        COMPOSE.path("services").fieldNames().forEachRemaining(n -> {
            if (n.startsWith(prefix)) {
                names.add(n);
            }
        });
        return names;
    }

    private static JsonNode env(String service) {
        return COMPOSE.path("services").path(service).path("environment");
    }

    @Test
    void threeKraftBrokersReplicateThreeTimesAndNeedTwoInSyncWithSaslOnEveryListener() {
        List<String> brokers = servicesNamed("kafka-");
        brokers.remove("kafka-setup");
        assertEquals(List.of("kafka-1", "kafka-2", "kafka-3"), brokers);
        Set<String> nodeIds = new HashSet<>();
        for (String broker : brokers) {
            JsonNode env = env(broker);
            nodeIds.add(env.path("KAFKA_NODE_ID").asText());
            assertEquals(
                    "1@kafka-1:29093,2@kafka-2:29093,3@kafka-3:29093",
                    env.path("KAFKA_CONTROLLER_QUORUM_VOTERS").asText(),
                    broker);
            assertEquals("3", env.path("KAFKA_DEFAULT_REPLICATION_FACTOR").asText(), broker);
            assertEquals("2", env.path("KAFKA_MIN_INSYNC_REPLICAS").asText(), broker);
            assertEquals("3", env.path("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR").asText(), broker);
            assertEquals("2", env.path("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR").asText(), broker);
            for (String mapping :
                    env.path("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").asText().split(",")) {
                assertTrue(mapping.split(":")[1].startsWith("SASL_"), broker + " listener without SASL: " + mapping);
            }
            assertEquals(
                    "SCRAM-SHA-512", env.path("KAFKA_SASL_ENABLED_MECHANISMS").asText(), broker);
            assertEquals(
                    "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                    env.path("KAFKA_AUTHORIZER_CLASS_NAME").asText(),
                    broker);
            assertEquals(
                    "false", env.path("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND").asText(), broker);
            assertTrue(COMPOSE.path("volumes").has(broker + "-data"), broker + " keeps its data in a named volume");
        }
        assertEquals(3, nodeIds.size(), "distinct node ids");
        for (var service : roadmirrorServices()) {
            String replication = service.getValue()
                    .path("environment")
                    .path("ROADMIRROR_TOPIC_REPLICATION_FACTOR")
                    .asText("3");
            assertEquals("3", replication, service.getKey() + " creates topics with replication 3");
        }
    }

    @Test
    void hostPortsAreOnLoopbackOnlyAndLongRunningServicesRestart() {
        COMPOSE.path("services").fields().forEachRemaining(service -> {
            service.getValue()
                    .path("ports")
                    .forEach(port -> assertTrue(
                            port.asText().startsWith("127.0.0.1:"),
                            service.getKey() + " publishes " + port.asText() + " on every interface"));
            String restart = service.getValue().path("restart").asText("");
            boolean oneShot =
                    service.getValue().path("command").path(0).asText().matches("acls|register-schemas|load-network")
                            || service.getKey().equals("kafka-setup");
            assertEquals(oneShot ? "no" : "unless-stopped", restart, service.getKey() + " restart policy");
        });
    }

    @Test
    void twoPipelineInstancesWithTheirOwnStateServeOneApiAddress() throws IOException {
        List<String> pipelines = servicesNamed("pipeline-");
        assertEquals(List.of("pipeline-1", "pipeline-2"), pipelines);
        String proxy = Files.readString(Path.of("deploy/nginx.conf"));
        for (String pipeline : pipelines) {
            JsonNode service = COMPOSE.path("services").path(pipeline);
            assertEquals("run", service.path("command").path(0).asText());
            assertFalse(service.has("ports"), pipeline + " is reached through the api proxy, not a host port");
            assertTrue(
                    service.path("volumes").toString().contains(pipeline + "-state:/app/state"),
                    pipeline + " state volume");
            assertEquals(
                    pipeline + ":8080",
                    env(pipeline).path("ROADMIRROR_APPLICATION_SERVER").asText());
            assertTrue(proxy.contains("server " + pipeline + ":8080"), "the proxy sends requests to " + pipeline);
        }
        assertEquals(
                "127.0.0.1:8080:8080",
                COMPOSE.path("services").path("api").path("ports").path(0).asText());
    }

    @Test
    void theRegistryAuthenticatesAndEverySecretComesFromTheUncommittedEnvFile() throws IOException {
        assertEquals(
                "BASIC",
                env("schema-registry")
                        .path("SCHEMA_REGISTRY_AUTHENTICATION_METHOD")
                        .asText());
        String compose = Files.readString(Path.of("docker-compose.yml"));
        Matcher literal = Pattern.compile("password=\\\\?\"(?!\\$\\{)[^\"]*\"").matcher(compose);
        assertFalse(
                literal.find(),
                "a literal password in docker-compose.yml: " + (literal.find(0) ? literal.group() : ""));
        Properties example = new Properties();
        try (var in = Files.newBufferedReader(Path.of(".env.example"))) {
            example.load(in);
        }
        Matcher variable = Pattern.compile("(?<!\\$)\\$\\{([A-Z_]+)").matcher(compose);
        while (variable.find()) {
            assertTrue(example.containsKey(variable.group(1)), ".env.example lacks " + variable.group(1));
        }
        assertTrue(Files.readAllLines(Path.of(".gitignore")).contains(".env"), ".env is never committed");
        assertTrue(Files.readAllLines(Path.of(".dockerignore")).contains(".env"), ".env stays out of the image");
    }

    /** The principal a service authenticates as, from its SASL/JAAS setting. */
    private static String principalOf(JsonNode service) {
        Matcher m = Pattern.compile("username=\"([^\"]+)\"")
                .matcher(service.path("environment")
                        .path("ROADMIRROR_KAFKA_SASL_JAAS_CONFIG")
                        .asText());
        return m.find() ? "User:" + m.group(1) : null;
    }

    @Test
    void eachRoleIsGrantedByRoadmirrorAclsToAPrincipalTheStackCreatesAndUses() throws IOException {
        String setup = Files.readString(Path.of("deploy/kafka-setup.sh"));
        Map<String, String> roleOfPrincipal = new HashMap<>();
        for (String service : servicesNamed("acls-")) {
            List<String> command = new ArrayList<>();
            COMPOSE.path("services").path(service).path("command").forEach(a -> command.add(a.asText()));
            assertEquals(List.of("acls", "--apply"), command.subList(0, 2), service);
            String role = command.get(command.indexOf("--role") + 1);
            String principal = command.get(command.indexOf("--principal") + 1);
            assertEquals("acls-" + role, service);
            assertTrue(
                    setup.contains("user " + principal.substring("User:".length()) + " "),
                    "kafka-setup.sh creates " + principal);
            assertEquals(
                    "User:admin",
                    principalOf(COMPOSE.path("services").path(service)),
                    service + " applies ACLs as the admin");
            roleOfPrincipal.put(principal, role);

            // What --apply grants is exactly what `roadmirror acls` prints for the same arguments.
            List<String> printArgs = new ArrayList<>(command);
            printArgs.remove("--apply");
            AclsCommandTest.Result printed = AclsCommandTest.run(printArgs.toArray(String[]::new));
            assertEquals(0, printed.exitCode(), printed.err());
            List<String> expected = io.roadmirror.security.RoleAcls.bindings(
                            io.roadmirror.security.Role.valueOf(role.toUpperCase(Locale.ROOT)),
                            principal,
                            role.equals("pipeline") ? Optional.of("roadmirror") : Optional.empty())
                    .stream()
                    .map(b -> io.roadmirror.security.KafkaAclsCommandLine.add(b, "localhost:9092", "admin.properties"))
                    .toList();
            assertEquals(expected, printed.commands(), service);
        }
        assertEquals(
                Set.of("loader", "pipeline", "gateway", "subscriber", "router"),
                new HashSet<>(roleOfPrincipal.values()));

        Map<String, String> roleOfCommand = Map.of("load-network", "loader", "run", "pipeline", "simulate", "gateway");
        for (var service : roadmirrorServices()) {
            String command = service.getValue().path("command").path(0).asText();
            if (roleOfCommand.containsKey(command)) {
                String principal = principalOf(service.getValue());
                assertEquals(
                        roleOfCommand.get(command),
                        roleOfPrincipal.get(principal),
                        service.getKey() + " runs `" + command + "` as " + principal);
                assertFalse(
                        service.getValue().path("environment").has("ROADMIRROR_APPLICATION_ID"),
                        service.getKey() + ": the pipeline's ACLs are for the default application id");
                assertTrue(
                        service.getValue().path("depends_on").has("acls-" + roleOfCommand.get(command)),
                        service.getKey() + " starts after its ACLs are applied");
            }
        }
    }

    @Test
    void dockerComposeAcceptsTheFileWhenItIsInstalled() throws Exception {
        Optional<Path> binary = Stream.of(
                        System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "docker-compose"))
                .filter(Files::isExecutable)
                .findFirst();
        org.junit.jupiter.api.Assumptions.assumeTrue(
                binary.isPresent(), "docker-compose is not installed (.ci/run installs it)");
        assertEquals("", composeConfig(binary.get(), ".env.example"), "docker-compose config with .env.example");
        Path empty = Files.createTempFile("roadmirror-empty-", ".env");
        String withoutSecrets;
        try {
            withoutSecrets = composeConfig(binary.get(), empty.toString());
        } finally {
            Files.deleteIfExists(empty);
        }
        assertTrue(
                withoutSecrets.contains("in .env"),
                "without an .env, compose refuses and says what to set: " + withoutSecrets);
    }

    /** @return what `docker-compose config -q` printed (empty when the file is valid) */
    private static String composeConfig(Path binary, String envFile) throws Exception {
        Process p = new ProcessBuilder(
                        binary.toString(), "--env-file", envFile, "-f", "docker-compose.yml", "config", "-q")
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(50, TimeUnit.SECONDS), "docker-compose config finished");
        return output;
    }
}
