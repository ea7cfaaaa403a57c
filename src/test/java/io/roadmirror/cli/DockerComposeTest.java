package io.roadmirror.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.roadmirror.config.ConfigKey;
import io.roadmirror.config.ConfigKeys;
import io.roadmirror.config.ConfigSources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docker-compose.yml cannot be run here (no Docker engine), so it is checked against the code instead. */
class DockerComposeTest {
    private static final JsonNode COMPOSE = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Path.of("docker-compose.yml").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Map.Entry<String, JsonNode>> roadmirrorServices() {
        List<Map.Entry<String, JsonNode>> services = new ArrayList<>();
        COMPOSE.path("services").fields().forEachRemaining(e -> {
            if (e.getValue().path("image").asText().startsWith("roadmirror") || e.getValue().has("build")) {
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
                        || var.equals(ConfigSources.CONFIG_FILE_ENV) || var.equals(ConfigSources.JAVA_OPTS_ENV);
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
        COMPOSE.path("services").fields().forEachRemaining(service ->
                service.getValue().path("depends_on").fields().forEachRemaining(dep -> {
                    String condition = dep.getValue().path("condition").asText();
                    assertTrue(condition.equals("service_healthy") || condition.equals("service_completed_successfully"),
                            service.getKey() + " -> " + dep.getKey() + ": " + condition);
                    JsonNode target = COMPOSE.path("services").path(dep.getKey());
                    assertFalse(target.isMissingNode(), "depends on a service that exists: " + dep.getKey());
                    if (condition.equals("service_healthy")) {
                        assertTrue(target.has("healthcheck"), dep.getKey() + " needs a healthcheck");
                    }
                }));
    }
}
