package io.roadmirror.security;

import io.roadmirror.topics.TopicCatalog;
import io.roadmirror.topics.TopicDefinition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The exact Kafka ACLs of each role of DESIGN.md's "Security roles" table, least privilege: what
 * the role's clients really call, nothing more. Kafka lets Read, Write and Delete imply Describe,
 * so Describe is granted separately only where nothing else is.
 */
public final class RoleAcls {
    /** The v2 topics of DESIGN.md; listed here so roles are right before every topology writes them. */
    public static final String MIRROR_FORECASTS = "mirror.forecasts";

    public static final String ROUTE_REQUESTS = "route.requests";
    public static final String ROUTE_RESPONSES = "route.responses";

    /** The application id of `roadmirror run` when none is configured (ConfigKeys.APPLICATION_ID's default). */
    public static final String DEFAULT_APPLICATION_ID = "roadmirror";

    private static final String ANY_HOST = "*";

    private RoleAcls() {}

    /** Every topic of the contract, v1 and then v2 (in this order whether or not the catalog has the v2 topics yet). */
    public static List<String> contractTopics() {
        List<String> v2 = List.of(MIRROR_FORECASTS, ROUTE_REQUESTS, ROUTE_RESPONSES);
        List<String> names = new ArrayList<>(TopicCatalog.ALL.stream()
                .map(TopicDefinition::name)
                .filter(n -> !v2.contains(n))
                .toList());
        names.addAll(v2);
        return List.copyOf(names);
    }

    /**
     * @param principal     a Kafka principal, {@code User:NAME}
     * @param applicationId the pipeline's application.id, or the consumer group of a subscriber or router;
     *                      empty for the default (pipeline: roadmirror; subscriber, router: the principal's name)
     */
    public static List<AclBinding> bindings(Role role, String principal, Optional<String> applicationId) {
        String name = principalName(principal);
        if (applicationId.isPresent() && !role.usesApplicationId()) {
            throw new IllegalArgumentException(
                    "the " + role.cliName() + " role has no application id or group; drop --application-id");
        }
        String id = applicationId
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .orElse(role == Role.PIPELINE ? DEFAULT_APPLICATION_ID : name);
        Builder acl = new Builder(principal);
        switch (role) {
            case GATEWAY -> {
                acl.topics(
                        AclOperation.WRITE,
                        TopicCatalog.SENSOR_READINGS.name(),
                        TopicCatalog.VEHICLE_POSITIONS.name(),
                        TopicCatalog.INCIDENT_REPORTS.name());
                // simulate reads the network it plays on from road.network (assigned partitions, no group offsets).
                acl.topics(AclOperation.READ, TopicCatalog.ROAD_NETWORK.name());
                acl.topics(AclOperation.DESCRIBE, TopicCatalog.ROAD_NETWORK.name());
            }
            case LOADER -> {
                // Creates what is missing, checks cleanup policies, waits for leaders (Describe) of every contract
                // topic.
                String[] all = contractTopics().toArray(String[]::new);
                acl.topics(AclOperation.CREATE, all);
                acl.topics(AclOperation.DESCRIBE, all);
                acl.topics(AclOperation.DESCRIBE_CONFIGS, all);
                acl.topics(AclOperation.WRITE, TopicCatalog.ROAD_NETWORK.name());
            }
            case PIPELINE -> {
                acl.topics(
                        AclOperation.READ,
                        TopicCatalog.ROAD_NETWORK.name(),
                        TopicCatalog.SENSOR_READINGS.name(),
                        TopicCatalog.VEHICLE_POSITIONS.name(),
                        TopicCatalog.INCIDENT_REPORTS.name(),
                        ROUTE_REQUESTS,
                        // its own outputs, read back as global tables and by the query API's live feed
                        TopicCatalog.MIRROR_SEGMENTS.name(),
                        TopicCatalog.INCIDENT_HOTSPOTS.name(),
                        TopicCatalog.ROUTING_ADVISORIES.name(),
                        MIRROR_FORECASTS);
                acl.topics(
                        AclOperation.WRITE,
                        TopicCatalog.MIRROR_SEGMENTS.name(),
                        TopicCatalog.INCIDENT_HOTSPOTS.name(),
                        TopicCatalog.ROUTING_ADVISORIES.name(),
                        TopicCatalog.DEAD_LETTERS.name(),
                        TopicCatalog.INCIDENT_REPORTS.name(),
                        MIRROR_FORECASTS,
                        ROUTE_RESPONSES);
                // The start-up check that every contract topic has its cleanup policy.
                acl.topics(AclOperation.DESCRIBE_CONFIGS, contractTopics().toArray(String[]::new));
                // Internal topics (changelogs, repartition topics, the route-blocks topic) are named
                // <application.id>-...:
                // Streams creates them, checks their configs and purges consumed repartition records.
                for (AclOperation op : List.of(
                        AclOperation.READ,
                        AclOperation.WRITE,
                        AclOperation.CREATE,
                        AclOperation.DELETE,
                        AclOperation.DESCRIBE_CONFIGS)) {
                    acl.add(ResourceType.TOPIC, id, PatternType.PREFIXED, op);
                }
                acl.add(ResourceType.GROUP, id, PatternType.LITERAL, AclOperation.READ);
                // exactly_once_v2: one transactional id per stream thread, <application.id>-<process id>-<n>.
                acl.add(ResourceType.TRANSACTIONAL_ID, id, PatternType.PREFIXED, AclOperation.WRITE);
            }
            case SUBSCRIBER -> {
                acl.topics(
                        AclOperation.READ,
                        TopicCatalog.MIRROR_SEGMENTS.name(),
                        TopicCatalog.INCIDENT_HOTSPOTS.name(),
                        TopicCatalog.ROUTING_ADVISORIES.name(),
                        MIRROR_FORECASTS,
                        ROUTE_RESPONSES);
                acl.add(ResourceType.GROUP, id, PatternType.LITERAL, AclOperation.READ);
            }
            case ROUTER -> {
                acl.topics(AclOperation.WRITE, ROUTE_REQUESTS);
                acl.topics(AclOperation.READ, ROUTE_RESPONSES);
                acl.add(ResourceType.GROUP, id, PatternType.LITERAL, AclOperation.READ);
            }
            default -> throw new IllegalArgumentException("unknown role " + role);
        }
        return acl.bindings();
    }

    /** The NAME of {@code User:NAME}; anything else is refused with what to write instead. */
    public static String principalName(String principal) {
        if (principal == null
                || !principal.startsWith("User:")
                || principal.length() == "User:".length()
                || principal.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(
                    "principal '" + principal + "' is not of the form User:NAME (e.g. User:pipeline,"
                            + " or User:CN=pipeline for a TLS client certificate without principal mapping rules)");
        }
        return principal.substring("User:".length());
    }

    private static final class Builder {
        private final String principal;
        private final Set<AclBinding> bindings = new LinkedHashSet<>();

        Builder(String principal) {
            this.principal = principal;
        }

        void topics(AclOperation op, String... topics) {
            Stream.of(topics).forEach(t -> add(ResourceType.TOPIC, t, PatternType.LITERAL, op));
        }

        void add(ResourceType type, String name, PatternType pattern, AclOperation op) {
            bindings.add(new AclBinding(
                    new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, ANY_HOST, op, AclPermissionType.ALLOW)));
        }

        List<AclBinding> bindings() {
            return List.copyOf(bindings);
        }
    }
}
