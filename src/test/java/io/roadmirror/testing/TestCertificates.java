package io.roadmirror.testing;

import io.roadmirror.runtime.Directories;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Key material made at test time with the JDK's keytool, once per test JVM: a server certificate
 * for 127.0.0.1/localhost (CN=broker), a client certificate (CN=subscriber-tls) and a PKCS12
 * truststore trusting both (self-signed, so no CA is needed). The password is random per run.
 */
public final class TestCertificates {
    public static final String SERVER_CN = "broker";
    public static final String CLIENT_CN = "subscriber-tls";

    private static TestCertificates instance;

    private final Path dir;
    private final String password;

    private TestCertificates(Path dir, String password) {
        this.dir = dir;
        this.password = password;
    }

    public static synchronized TestCertificates get() {
        if (instance == null) {
            Path dir = Directories.createTemp("roadmirror-tls-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> Directories.deleteRecursively(dir)));
            byte[] random = new byte[12];
            new SecureRandom().nextBytes(random);
            TestCertificates certs =
                    new TestCertificates(dir, "tls-" + HexFormat.of().formatHex(random));
            certs.create();
            instance = certs;
        }
        return instance;
    }

    private void create() {
        keypair(serverKeystore(), SERVER_CN, "SAN=dns:localhost,ip:127.0.0.1");
        keypair(clientKeystore(), CLIENT_CN, null);
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(SERVER_CN, load(serverKeystore()).getCertificate(SERVER_CN));
            trust.setCertificateEntry(CLIENT_CN, load(clientKeystore()).getCertificate(CLIENT_CN));
            try (OutputStream out = Files.newOutputStream(truststore())) {
                trust.store(out, password.toCharArray());
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the test truststore", e);
        }
    }

    private void keypair(Path keystore, String cn, String extension) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                cn,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + cn,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                password,
                "-keypass",
                password));
        if (extension != null) {
            command.addAll(List.of("-ext", extension));
        }
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    public Path serverKeystore() {
        return dir.resolve("server.p12");
    }

    public Path clientKeystore() {
        return dir.resolve("client.p12");
    }

    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** The one password of every store and key here. */
    public String password() {
        return password;
    }

    /** An SSLContext presenting the server certificate and trusting the truststore (for test TLS servers). */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(serverKeystore()), password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(truststore()));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
