package io.roadmirror.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to reach the Confluent-compatible schema registry, and as whom.
 *
 * @param urls              base URLs without credentials (user:password@ in a configured URL becomes basicAuthUserInfo)
 * @param allowInsecureAuth whether credentials may be sent over plain http
 */
public record RegistrySettings(
        List<URI> urls,
        Optional<String> basicAuthUserInfo,
        Optional<String> bearerToken,
        boolean allowInsecureAuth,
        Optional<Boolean> autoRegister,
        int cacheCapacity,
        Duration timeout,
        TlsStores tls) {

    public RegistrySettings {
        urls = List.copyOf(urls);
    }

    static RegistrySettings read(ConfigReader r) {
        List<URI> configured = r.get(ConfigKeys.SCHEMA_REGISTRY_URL);
        Optional<String> basic = r.optional(ConfigKeys.SCHEMA_REGISTRY_BASIC_AUTH);
        List<URI> urls = new ArrayList<>();
        for (URI url : configured) {
            if (url.getRawUserInfo() != null && basic.isEmpty()) {
                basic = Optional.of(URLDecoder.decode(url.getRawUserInfo(), StandardCharsets.UTF_8));
            }
            urls.add(Secrets.withoutUserInfo(url));
        }
        RegistrySettings settings = new RegistrySettings(
                urls,
                basic,
                r.optional(ConfigKeys.SCHEMA_REGISTRY_BEARER_TOKEN),
                r.get(ConfigKeys.SCHEMA_REGISTRY_ALLOW_INSECURE_AUTH),
                r.optional(ConfigKeys.SCHEMA_REGISTRY_AUTO_REGISTER),
                r.get(ConfigKeys.SCHEMA_REGISTRY_CACHE_CAPACITY),
                r.get(ConfigKeys.SCHEMA_REGISTRY_TIMEOUT),
                new TlsStores(
                        r.optional(ConfigKeys.SCHEMA_REGISTRY_TRUSTSTORE),
                        r.optional(ConfigKeys.SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD),
                        r.optional(ConfigKeys.SCHEMA_REGISTRY_KEYSTORE),
                        r.optional(ConfigKeys.SCHEMA_REGISTRY_KEYSTORE_PASSWORD),
                        r.optional(ConfigKeys.SCHEMA_REGISTRY_KEY_PASSWORD)));
        settings.check(r);
        return settings;
    }

    private void check(ConfigReader r) {
        requireReadable(r, tls.truststore(), ConfigKeys.SCHEMA_REGISTRY_TRUSTSTORE);
        requireReadable(r, tls.keystore(), ConfigKeys.SCHEMA_REGISTRY_KEYSTORE);
        if (basicAuthUserInfo.isPresent() && bearerToken.isPresent()) {
            r.problem("both " + ConfigKeys.SCHEMA_REGISTRY_BASIC_AUTH.name() + " and "
                    + ConfigKeys.SCHEMA_REGISTRY_BEARER_TOKEN.name()
                    + " are set; the registry takes one kind of credentials: keep one of them");
        }
        if (hasCredentials() && !allowInsecureAuth) {
            urls.stream()
                    .filter(u -> "http".equalsIgnoreCase(u.getScheme()))
                    .findFirst()
                    .ifPresent(plain -> r.problem("registry credentials are set but "
                            + ConfigKeys.SCHEMA_REGISTRY_URL.name() + " " + plain + " is plain http, where they "
                            + "would cross the network readable: use an https URL, or set "
                            + ConfigKeys.SCHEMA_REGISTRY_ALLOW_INSECURE_AUTH.name()
                            + "=true (" + ConfigKeys.SCHEMA_REGISTRY_ALLOW_INSECURE_AUTH.envVar()
                            + ") if the network is trusted"));
        }
    }

    private static void requireReadable(ConfigReader r, Optional<Path> file, ConfigKey<Path> key) {
        file.ifPresent(path -> {
            if (!Files.isReadable(path)) {
                r.problem(key.name() + " = '" + path + "': the file does not exist or cannot be read");
            }
        });
    }

    public boolean hasCredentials() {
        return basicAuthUserInfo.isPresent() || bearerToken.isPresent();
    }

    /** Auto-registration as configured, else the default of the mode (on for the embedded registry). */
    public boolean autoRegisterOr(boolean modeDefault) {
        return autoRegister.orElse(modeDefault);
    }

    public RegistrySettings withUrl(URI url) {
        return new RegistrySettings(
                List.of(url),
                basicAuthUserInfo,
                bearerToken,
                allowInsecureAuth,
                autoRegister,
                cacheCapacity,
                timeout,
                tls);
    }

    @Override
    public String toString() {
        return "RegistrySettings[urls=" + urls + ", auth="
                + (basicAuthUserInfo.isPresent()
                        ? "basic " + Secrets.HIDDEN
                        : bearerToken.isPresent() ? "bearer " + Secrets.HIDDEN : "none")
                + ", allowInsecureAuth=" + allowInsecureAuth
                + ", autoRegister=" + autoRegister + ", cacheCapacity=" + cacheCapacity + ", timeout=" + timeout
                + ", tls=" + tls + "]";
    }
}
