package io.roadmirror.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** docs/security.md's table of roles is what `roadmirror acls` grants, so the two cannot drift. */
@Timeout(10)
class SecurityDocTest {

    static String rolesTable() {
        StringBuilder table = new StringBuilder(
                "| role | who | Kafka ACLs of `User:NAME` (`roadmirror acls --role ROLE --principal User:NAME`) | registry |\n");
        table.append("|---|---|---|---|\n");
        for (Role role : Role.values()) {
            table.append("| ")
                    .append(role.cliName())
                    .append(" | ")
                    .append(role.who())
                    .append(" | ")
                    .append(summary(RoleAcls.bindings(
                            role, "User:NAME", role.usesApplicationId() ? Optional.of("ID") : Optional.empty())))
                    .append(" | ")
                    .append(role.registryAccess())
                    .append(" |\n");
        }
        return table.toString();
    }

    /** Resources with the same operations are listed together: "Write: `a`, `b`; Read: `c`". */
    private static String summary(List<AclBinding> bindings) {
        Map<String, List<String>> opsByResource = new LinkedHashMap<>();
        for (AclBinding b : bindings) {
            boolean prefixed = b.pattern().patternType() == PatternType.PREFIXED;
            String kind = switch (b.pattern().resourceType()) {
                case TOPIC -> prefixed ? "topics " : ""; // a plain name is a topic
                case GROUP -> "group ";
                case TRANSACTIONAL_ID -> prefixed ? "transactional ids " : "transactional id ";
                default -> b.pattern().resourceType().name().toLowerCase(Locale.ROOT) + " ";
            };
            String resource =
                    kind + (prefixed ? "prefixed " : "") + "`" + b.pattern().name() + "`";
            opsByResource.computeIfAbsent(resource, r -> new ArrayList<>()).add(KafkaAclsCommandLine.operation(b));
        }
        Map<String, List<String>> resourcesByOps = new LinkedHashMap<>();
        opsByResource.forEach((resource, ops) -> resourcesByOps
                .computeIfAbsent(String.join(", ", ops), o -> new ArrayList<>())
                .add(resource));
        List<String> parts = new ArrayList<>();
        resourcesByOps.forEach((ops, resources) -> parts.add(ops + " on " + String.join(", ", resources)));
        return String.join("; ", parts);
    }

    /** Prints the table, for pasting into docs/security.md. */
    public static void main(String[] args) {
        System.out.print(rolesTable());
    }

    @Test
    void theRolesTableIsExactlyWhatTheAclsCommandGrants() throws IOException {
        String doc = Files.readString(Path.of("docs", "security.md"));
        assertTrue(
                doc.contains(rolesTable()),
                "docs/security.md must contain this table (regenerate it from here):\n" + rolesTable());
    }
}
