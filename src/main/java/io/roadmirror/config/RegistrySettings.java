package io.roadmirror.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How to reach the Confluent-compatible schema registry. */
public record RegistrySettings(List<URI> urls, Optional<String> basicAuthUserInfo, Optional<Boolean> autoRegister,
                               int cacheCapacity, Duration timeout, Optional<Path> truststore,
                               Optional<String> truststorePassword) {

    public RegistrySettings {
        urls = List.copyOf(urls);
    }

    static RegistrySettings read(ConfigReader r) {
        RegistrySettings settings = new RegistrySettings(
                r.get(ConfigKeys.SCHEMA_REGISTRY_URL),
                r.optional(ConfigKeys.SCHEMA_REGISTRY_BASIC_AUTH),
                r.optional(ConfigKeys.SCHEMA_REGISTRY_AUTO_REGISTER),
                r.get(ConfigKeys.SCHEMA_REGISTRY_CACHE_CAPACITY),
                r.get(ConfigKeys.SCHEMA_REGISTRY_TIMEOUT),
                r.optional(ConfigKeys.SCHEMA_REGISTRY_TRUSTSTORE),
                r.optional(ConfigKeys.SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD));
        settings.truststore.ifPresent(path -> {
            if (!Files.isReadable(path)) {
                r.problem(ConfigKeys.SCHEMA_REGISTRY_TRUSTSTORE.name() + " = '" + path + "': the file does not exist or cannot be read");
            }
        });
        return settings;
    }

    /** Auto-registration as configured, else the default of the mode (on for the embedded registry). */
    public boolean autoRegisterOr(boolean modeDefault) {
        return autoRegister.orElse(modeDefault);
    }

    public RegistrySettings withUrl(URI url) {
        return new RegistrySettings(List.of(url), basicAuthUserInfo, autoRegister, cacheCapacity, timeout, truststore, truststorePassword);
    }
}
