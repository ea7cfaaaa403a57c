package io.roadmirror.api;

import io.roadmirror.config.ApiSettings;
import io.roadmirror.runtime.StartupException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The API's listeners (http, or https with the configured keystore) and the TLS context with which an instance calls its peers. */
final class Connectors {
    private Connectors() {}

    static ServerConnector listener(
            Server server, HttpConfiguration http, String host, int port, Optional<ApiSettings.Tls> tls) {
        ServerConnector connector;
        if (tls.isPresent()) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(tls.get().keystore().toAbsolutePath().toString());
            ssl.setKeyStoreType(tls.get().keystoreType());
            ssl.setKeyStorePassword(tls.get().keystorePassword());
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(
                    false); // instances are reached by IP address or by names the certificate may not list as SNI
            https.addCustomizer(secure);
            connector = new ServerConnector(
                    server,
                    new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(https));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    /** How this instance checks its peers' certificates: the configured truststore, else the JVM's. Empty without TLS. */
    static Optional<SSLContext> peerTls(Optional<ApiSettings.Tls> tls) {
        if (tls.isEmpty()) {
            return Optional.empty();
        }
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (tls.get().truststore().isPresent()) {
                KeyStore store = KeyStore.getInstance(tls.get().keystoreType());
                try (InputStream in =
                        Files.newInputStream(tls.get().truststore().get())) {
                    store.load(in, tls.get().truststorePassword().orElse("").toCharArray());
                }
                trust.init(store);
            } else {
                trust.init((KeyStore) null);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return Optional.of(context);
        } catch (IOException | GeneralSecurityException e) {
            throw new StartupException(
                    "cannot use api.tls.truststore "
                            + tls.get().truststore().map(Object::toString).orElse("(JVM default)") + ": "
                            + e.getClass().getSimpleName() + "; check the file and api.tls.truststore.password",
                    e);
        }
    }
}
