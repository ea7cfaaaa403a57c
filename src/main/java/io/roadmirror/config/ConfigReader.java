package io.roadmirror.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parses typed values out of {@link ConfigSources}, collecting every problem instead of stopping at the first. */
public final class ConfigReader {
    private final ConfigSources sources;
    private final List<String> problems;

    public ConfigReader(ConfigSources sources) {
        this.sources = sources;
        this.problems = new ArrayList<>(sources.problems());
    }

    public ConfigSources sources() {
        return sources;
    }

    /** The value of a setting that has a default; returns the parsed default when unset. */
    public <T> T get(ConfigKey<T> key) {
        if (!key.hasDefault()) {
            throw new IllegalStateException(key.name() + " has no default; read it with optional()");
        }
        return optional(key).orElseGet(() -> key.parser().parse(key.defaultValue()));
    }

    public <T> Optional<T> optional(ConfigKey<T> key) {
        Optional<ConfigSources.Value> raw = sources.raw(key.name());
        if (raw.isEmpty()) {
            return key.hasDefault() ? Optional.of(key.parser().parse(key.defaultValue())) : Optional.empty();
        }
        try {
            return Optional.of(key.parser().parse(raw.get().text()));
        } catch (IllegalArgumentException e) {
            // The parser's own message may quote the value: a URL with user:password@ in it must not appear.
            problems.add(key.name() + " = '"
                    + Secrets.shown(key.name(), raw.get().text()) + "' (from "
                    + raw.get().origin() + "): " + shownMessage(key, raw.get().text(), e) + ". Set it with "
                    + key.flag() + ", " + key.envVar() + " or " + key.name() + " in the config file.");
            return Optional.empty();
        }
    }

    private static String shownMessage(ConfigKey<?> key, String value, IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        boolean quotesSecret = Secrets.isSecret(key.name()) && !value.isEmpty() && message.contains(value);
        return quotesSecret ? "invalid value" : Secrets.withoutUrlCredentials(message);
    }

    /** Records a problem that involves several settings at once. */
    public void problem(String text) {
        problems.add(text);
    }

    /** Throws a {@link ConfigException} listing every problem found so far, if any. */
    public void failOnProblems() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
