package io.roadmirror.registry;

import io.roadmirror.config.ConfigException;
import io.roadmirror.config.TlsStores;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The TLS context of the registry client: a configured truststore, and a client certificate for mutual TLS. */
final class RegistryTls {
    private RegistryTls() {}

    static SSLContext context(TlsStores stores) {
        try {
            if (stores.isDefault()) {
                return SSLContext.getDefault();
            }
            TrustManagerFactory tmf = null;
            if (stores.truststore().isPresent()) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(
                        load(stores.truststore().get(), stores.truststorePassword(), "schema.registry.ssl.truststore"));
            }
            KeyManagerFactory kmf = null;
            if (stores.keystore().isPresent()) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                char[] keyPassword = stores.keyPassword()
                        .or(stores::keystorePassword)
                        .map(String::toCharArray)
                        .orElse(new char[0]);
                kmf.init(
                        load(stores.keystore().get(), stores.keystorePassword(), "schema.registry.ssl.keystore"),
                        keyPassword);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("cannot use the schema registry's TLS stores (" + e.getMessage()
                    + "); check schema.registry.ssl.keystore.* / truststore.* and their passwords");
        }
    }

    private static KeyStore load(Path file, Optional<String> password, String setting) throws GeneralSecurityException {
        // PKCS12 or JKS: the JDK's default keystore type reads both.
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.map(String::toCharArray).orElse(null));
            return store;
        } catch (IOException e) {
            throw new ConfigException("cannot load " + file + " (" + setting + ".location): " + e.getMessage()
                    + "; check the file and " + setting + ".password");
        }
    }
}
