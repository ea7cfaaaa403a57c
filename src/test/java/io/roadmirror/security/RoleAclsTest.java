package io.roadmirror.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.topics.TopicCatalog;
import io.roadmirror.topics.TopicDefinition;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RoleAclsTest {
    private static final Set<String> MIRROR_OUTPUTS =
            Set.of("mirror.segments", "incident.hotspots", "routing.advisories", "mirror.forecasts", "route.responses");

    private static List<AclBinding> of(Role role) {
        return RoleAcls.bindings(role, "User:" + role.cliName(), Optional.empty());
    }

    /** "OPERATION resource-type:name[:prefixed]" for readable assertions. */
    private static Set<String> described(List<AclBinding> bindings) {
        return bindings.stream()
                .map(b -> b.entry().operation() + " " + b.pattern().resourceType() + ":"
                        + b.pattern().name() + (b.pattern().patternType() == PatternType.PREFIXED ? ":prefixed" : ""))
                .collect(Collectors.toSet());
    }

    private static Set<String> topicsWith(Role role, AclOperation op) {
        return of(role).stream()
                .filter(b -> b.pattern().resourceType() == ResourceType.TOPIC
                        && b.entry().operation() == op)
                .map(b -> b.pattern().name())
                .collect(Collectors.toSet());
    }

    @Test
    void aGatewayWritesItsThreeInputTopicsAndReadsTheNetworkOnly() {
        assertEquals(
                Set.of(
                        "WRITE TOPIC:sensor.readings",
                        "WRITE TOPIC:vehicle.positions",
                        "WRITE TOPIC:incident.reports",
                        "READ TOPIC:road.network",
                        "DESCRIBE TOPIC:road.network"),
                described(of(Role.GATEWAY)));
    }

    @Test
    void onlyTheLoaderWritesTheNetworkAndOnlyThePipelineWritesTheMirrorsOutputs() {
        for (Role role : Role.values()) {
            Set<String> writes = topicsWith(role, AclOperation.WRITE);
            assertEquals(role == Role.LOADER, writes.contains("road.network"), role + " writes road.network");
            boolean writesOutputs = writes.stream().anyMatch(MIRROR_OUTPUTS::contains);
            assertEquals(role == Role.PIPELINE, writesOutputs, role + " writes a mirror output: " + writes);
        }
        assertEquals(Set.of(), topicsWith(Role.SUBSCRIBER, AclOperation.WRITE), "a subscriber writes nothing");
    }

    @Test
    void theLoaderCanCreateAndCheckEveryTopicOfTheContract() {
        Set<String> catalog =
                TopicCatalog.ALL.stream().map(TopicDefinition::name).collect(Collectors.toSet());
        catalog.add("mirror.forecasts");
        catalog.add("route.requests");
        catalog.add("route.responses");
        assertEquals(catalog, topicsWith(Role.LOADER, AclOperation.CREATE));
        assertEquals(catalog, topicsWith(Role.LOADER, AclOperation.DESCRIBE_CONFIGS));
        assertEquals(catalog, topicsWith(Role.LOADER, AclOperation.DESCRIBE));
    }

    @Test
    void thePipelineOwnsWhatIsPrefixedWithItsApplicationIdAndNothingElseOutsideTheContract() {
        List<AclBinding> pipeline = RoleAcls.bindings(Role.PIPELINE, "User:pipe", Optional.of("city-west"));
        Set<String> d = described(pipeline);
        assertTrue(
                d.containsAll(Set.of(
                        "READ GROUP:city-west",
                        "WRITE TRANSACTIONAL_ID:city-west:prefixed",
                        "CREATE TOPIC:city-west:prefixed",
                        "READ TOPIC:city-west:prefixed",
                        "WRITE TOPIC:city-west:prefixed",
                        "DELETE TOPIC:city-west:prefixed",
                        "DESCRIBE_CONFIGS TOPIC:city-west:prefixed")),
                d.toString());
        assertTrue(topicsWith(Role.PIPELINE, AclOperation.READ)
                .containsAll(Set.of("road.network", "sensor.readings", "vehicle.positions", "incident.reports")));
        assertTrue(topicsWith(Role.PIPELINE, AclOperation.WRITE)
                .containsAll(Set.of("deadletter.events", "incident.reports")));
        assertFalse(
                d.stream().anyMatch(s -> s.contains("CLUSTER") || s.startsWith("ALL ")),
                "no cluster-wide or ALL grants: " + d);
        assertTrue(
                pipeline.stream()
                        .allMatch(b -> b.pattern().patternType() == PatternType.LITERAL
                                || b.pattern().name().equals("city-west")),
                "only the application id is a prefix");
    }

    @Test
    void subscribersAndRoutersGetTheirOwnGroupNamedAfterThemUnlessTold() {
        assertEquals(
                Set.of(
                        "READ TOPIC:mirror.segments",
                        "READ TOPIC:incident.hotspots",
                        "READ TOPIC:routing.advisories",
                        "READ TOPIC:mirror.forecasts",
                        "READ TOPIC:route.responses",
                        "READ GROUP:signage"),
                described(RoleAcls.bindings(Role.SUBSCRIBER, "User:signage", Optional.empty())));
        assertEquals(
                Set.of("WRITE TOPIC:route.requests", "READ TOPIC:route.responses", "READ GROUP:nav-eu"),
                described(RoleAcls.bindings(Role.ROUTER, "User:navapp", Optional.of("nav-eu"))));
    }

    @Test
    void everyBindingAllowsFromAnyHostForThePrincipalGiven() {
        for (Role role : Role.values()) {
            for (AclBinding b : of(role)) {
                assertEquals("User:" + role.cliName(), b.entry().principal());
                assertEquals("*", b.entry().host());
                assertEquals(AclPermissionType.ALLOW, b.entry().permissionType());
            }
        }
    }

    @Test
    void aPrincipalMustBeUserColonNameAndOnlyRolesWithAnIdTakeOne() {
        for (String bad : Arrays.asList("pipeline", "User:", "Group:x", "User:a b", null)) {
            assertThrows(
                    IllegalArgumentException.class, () -> RoleAcls.bindings(Role.PIPELINE, bad, Optional.empty()), bad);
        }
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> RoleAcls.bindings(Role.GATEWAY, "User:gw", Optional.of("x")));
        assertTrue(e.getMessage().contains("--application-id"), e.getMessage());
    }

    @Test
    void bindingsPrintAsTheKafkaAclsCommandsThatAddThem() {
        List<String> lines = RoleAcls.bindings(Role.PIPELINE, "User:pipe", Optional.of("rm")).stream()
                .map(b -> KafkaAclsCommandLine.add(b, "kafka-1:9092", "admin.properties"))
                .toList();
        assertTrue(
                lines.contains("kafka-acls --bootstrap-server kafka-1:9092 --command-config admin.properties --add "
                        + "--allow-principal User:pipe --allow-host '*' --operation Write --transactional-id rm "
                        + "--resource-pattern-type prefixed"),
                lines.toString());
        assertTrue(
                lines.contains(
                        "kafka-acls --bootstrap-server kafka-1:9092 --command-config admin.properties --add "
                                + "--allow-principal User:pipe --allow-host '*' --operation DescribeConfigs --topic road.network"),
                lines.toString());
        assertTrue(
                lines.contains("kafka-acls --bootstrap-server kafka-1:9092 --command-config admin.properties --add "
                        + "--allow-principal User:pipe --allow-host '*' --operation Read --group rm"),
                lines.toString());
    }
}
