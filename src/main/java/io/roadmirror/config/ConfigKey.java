package io.roadmirror.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One configuration setting: its property name, command-line flag, environment variable, default,
 * parser and the commands it applies to. The configuration reference in docs/operations.md is generated from these (ReadmeTest).
 *
 * @param defaultValue the default as text, or null when the setting is optional and unset by default
 */
public record ConfigKey<T>(
        String name, String flag, String defaultValue, String description, ValueParser<T> parser, Set<Scope> scopes) {

    public static final String ENV_PREFIX = "ROADMIRROR_";

    /** Which commands a setting applies to; each command shows the flags of its scopes. */
    public enum Scope {
        KAFKA,
        REGISTRY,
        EMBEDDED,
        PIPELINE,
        NETWORK,
        SIMULATOR,
        API,
        BENCH
    }

    public ConfigKey {
        Objects.requireNonNull(name);
        Objects.requireNonNull(flag);
        Objects.requireNonNull(description);
        Objects.requireNonNull(parser);
        scopes = Set.copyOf(scopes);
    }

    /** Environment variable: ROADMIRROR_ + the name upper-cased, dots and dashes as underscores. */
    public String envVar() {
        return envVarOf(name);
    }

    public static String envVarOf(String propertyName) {
        return ENV_PREFIX
                + propertyName.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public boolean hasDefault() {
        return defaultValue != null;
    }
}
