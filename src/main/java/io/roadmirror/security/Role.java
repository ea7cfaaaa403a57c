package io.roadmirror.security;

import java.util.Locale;

/** The security roles of DESIGN.md: who may do what on the cluster and in the registry. */
public enum Role {
    GATEWAY("IoT gateways and `roadmirror simulate`", "read subjects"),
    LOADER(
            "`roadmirror load-network`: creates the topics and writes road.network",
            "write subjects (or none, when an operator registers them)"),
    PIPELINE("`roadmirror run`: the Kafka Streams application", "read subjects"),
    SUBSCRIBER("downstream services reading the mirror's outputs", "read subjects"),
    ROUTER("apps asking for routes on route.requests", "read subjects");

    private final String who;
    private final String registryAccess;

    Role(String who, String registryAccess) {
        this.who = who;
        this.registryAccess = registryAccess;
    }

    public String who() {
        return who;
    }

    /** What the role needs of the schema registry (the registry's own access control enforces it, not Kafka). */
    public String registryAccess() {
        return registryAccess;
    }

    /** Whether --application-id names something of the role (a Streams application or a consumer group). */
    public boolean usesApplicationId() {
        return this == PIPELINE || this == SUBSCRIBER || this == ROUTER;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
