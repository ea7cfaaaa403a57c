package io.roadmirror.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Key and trust stores of a TLS client (PKCS12 or JKS). The keystore holds the client certificate
 * for mutual TLS; empty stores mean the JVM's defaults and no client certificate.
 *
 * @param keyPassword password of the private key; empty for the keystore's password
 */
public record TlsStores(
        Optional<Path> truststore,
        Optional<String> truststorePassword,
        Optional<Path> keystore,
        Optional<String> keystorePassword,
        Optional<String> keyPassword) {

    public static final TlsStores NONE =
            new TlsStores(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public boolean isDefault() {
        return truststore.isEmpty() && keystore.isEmpty();
    }

    @Override
    public String toString() {
        return "TlsStores[truststore=" + truststore.map(Path::toString).orElse("(JVM default)") + ", keystore="
                + keystore.map(Path::toString).orElse("(none)") + ", passwords " + Secrets.HIDDEN + "]";
    }
}
