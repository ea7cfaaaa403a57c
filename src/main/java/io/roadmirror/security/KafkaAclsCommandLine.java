package io.roadmirror.security;

import java.util.Locale;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;

/** Writes an ACL binding as the {@code kafka-acls} command that adds it, so operators can review or run it by hand. */
public final class KafkaAclsCommandLine {
    private KafkaAclsCommandLine() {}

    /**
     * @param bootstrap     what to pass as --bootstrap-server
     * @param commandConfig the admin client properties file (credentials of a principal allowed to alter ACLs)
     */
    public static String add(AclBinding binding, String bootstrap, String commandConfig) {
        ResourcePattern pattern = binding.pattern();
        StringBuilder line = new StringBuilder("kafka-acls --bootstrap-server ")
                .append(bootstrap)
                .append(" --command-config ")
                .append(commandConfig)
                .append(" --add --allow-principal ")
                .append(binding.entry().principal())
                .append(" --allow-host '")
                .append(binding.entry().host())
                .append('\'')
                .append(" --operation ")
                .append(operation(binding));
        switch (pattern.resourceType()) {
            case TOPIC -> line.append(" --topic ").append(pattern.name());
            case GROUP -> line.append(" --group ").append(pattern.name());
            case TRANSACTIONAL_ID -> line.append(" --transactional-id ").append(pattern.name());
            case CLUSTER -> line.append(" --cluster");
            default -> throw new IllegalArgumentException("no kafka-acls form for " + pattern);
        }
        if (pattern.patternType() == PatternType.PREFIXED) {
            line.append(" --resource-pattern-type prefixed");
        }
        return line.toString();
    }

    /** kafka-acls spells operations in CamelCase (DescribeConfigs, IdempotentWrite). */
    static String operation(AclBinding binding) {
        StringBuilder out = new StringBuilder();
        for (String word : binding.entry().operation().name().split("_")) {
            out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
