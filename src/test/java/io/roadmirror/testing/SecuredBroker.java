package io.roadmirror.testing;

import io.roadmirror.runtime.Directories;
import io.roadmirror.runtime.Ports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real KRaft broker (combined mode, one node) secured as production is: clients authenticate
 * with SASL/SCRAM-SHA-512 over TLS or with a TLS client certificate, and the StandardAuthorizer
 * denies whatever no ACL allows. The broker reaches its controller over mutual TLS as User:broker;
 * User:admin (SCRAM, created when the storage is formatted) is the only other super user.
 */
public final class SecuredBroker implements AutoCloseable {
    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String ADMIN = "admin";

    private final KafkaRaftServer server;
    private final Path dir;
    private final int saslPort;
    private final int tlsPort;
    private final String adminPassword;
    private final TestCertificates certs;

    private SecuredBroker(
            KafkaRaftServer server, Path dir, int saslPort, int tlsPort, String adminPassword, TestCertificates certs) {
        this.server = server;
        this.dir = dir;
        this.saslPort = saslPort;
        this.tlsPort = tlsPort;
        this.adminPassword = adminPassword;
        this.certs = certs;
    }

    public static SecuredBroker start() {
        TestCertificates certs = TestCertificates.get();
        String adminPassword = randomSecret("admin-");
        int sasl = Ports.findFree();
        int tls = Ports.findFree();
        int controller = Ports.findFree();
        Path dir = Directories.createTemp("roadmirror-secured-kafka-");
        Map<String, String> c = new LinkedHashMap<>();
        c.put("process.roles", "broker,controller");
        c.put("node.id", "1");
        c.put("controller.quorum.voters", "1@127.0.0.1:" + controller);
        c.put(
                "listeners",
                "SASL_SSL://127.0.0.1:" + sasl + ",SSL://127.0.0.1:" + tls + ",CONTROLLER://127.0.0.1:" + controller);
        c.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + sasl + ",SSL://127.0.0.1:" + tls);
        c.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,SSL:SSL,CONTROLLER:SSL");
        c.put("controller.listener.names", "CONTROLLER");
        c.put("inter.broker.listener.name", "SASL_SSL");
        c.put("sasl.enabled.mechanisms", MECHANISM);
        c.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        c.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(ADMIN, adminPassword));
        c.put("ssl.keystore.type", "PKCS12");
        c.put("ssl.keystore.location", certs.serverKeystore().toString());
        c.put("ssl.keystore.password", certs.password());
        c.put("ssl.key.password", certs.password());
        c.put("ssl.truststore.type", "PKCS12");
        c.put("ssl.truststore.location", certs.truststore().toString());
        c.put("ssl.truststore.password", certs.password());
        // Certificates authenticate on the SSL and controller listeners; CN=NAME is the principal User:NAME.
        c.put("listener.name.ssl.ssl.client.auth", "required");
        c.put("listener.name.controller.ssl.client.auth", "required");
        c.put("ssl.principal.mapping.rules", "RULE:^CN=([a-zA-Z0-9._-]+)$/$1/,DEFAULT");
        c.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        c.put("super.users", "User:" + TestCertificates.SERVER_CN + ";User:" + ADMIN);
        c.put("allow.everyone.if.no.acl.found", "false");
        c.put("log.dirs", dir.resolve("logs").toString());
        c.put("offsets.topic.replication.factor", "1");
        c.put("offsets.topic.num.partitions", "3");
        c.put("transaction.state.log.replication.factor", "1");
        c.put("transaction.state.log.min.isr", "1");
        c.put("transaction.state.log.num.partitions", "3");
        c.put("share.coordinator.state.topic.replication.factor", "1");
        c.put("share.coordinator.state.topic.min.isr", "1");
        c.put("group.initial.rebalance.delay.ms", "0");
        c.put("auto.create.topics.enable", "false");
        c.put("log.cleaner.dedupe.buffer.size", "8388608");
        c.put("num.network.threads", "2");
        c.put("num.io.threads", "4");
        Properties props = new Properties();
        props.putAll(c);
        try {
            Path config = dir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, null);
            }
            formatWithAdmin(config, adminPassword);
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            server.startup();
            return new SecuredBroker(server, dir, sasl, tls, adminPassword, certs);
        } catch (IOException e) {
            Directories.deleteRecursively(dir);
            throw new UncheckedIOException(e);
        }
    }

    /** SCRAM credentials live in the cluster metadata: the first super user's are written when the storage is formatted. */
    private static void formatWithAdmin(Path config, String adminPassword) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            exit = StorageTool.execute(
                    new String[] {
                        "format",
                        "--cluster-id",
                        Uuid.randomUuid().toString(),
                        "--config",
                        config.toString(),
                        "--release-version",
                        MetadataVersion.latestProduction().version(),
                        "--add-scram",
                        MECHANISM + "=[name=" + ADMIN + ",password=" + adminPassword + "]"
                    },
                    out);
        }
        if (exit != 0) {
            throw new IllegalStateException("format failed: " + captured.toString(StandardCharsets.UTF_8));
        }
    }

    public static String randomSecret(String prefix) {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        return prefix + HexFormat.of().formatHex(random);
    }

    public static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    public String saslBootstrap() {
        return "127.0.0.1:" + saslPort;
    }

    public String tlsBootstrap() {
        return "127.0.0.1:" + tlsPort;
    }

    public TestCertificates certificates() {
        return certs;
    }

    /** Client settings (without bootstrap.servers) of a SCRAM user over TLS. */
    public Map<String, String> saslClient(String user, String password) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", jaas(user, password));
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", certs.truststore().toString());
        p.put("ssl.truststore.password", certs.password());
        return p;
    }

    /** Client settings (without bootstrap.servers) of the certificate CN=subscriber-tls on the SSL listener. */
    public Map<String, String> tlsClient() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", "SSL");
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", certs.clientKeystore().toString());
        p.put("ssl.keystore.password", certs.password());
        p.put("ssl.key.password", certs.password());
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", certs.truststore().toString());
        p.put("ssl.truststore.password", certs.password());
        return p;
    }

    public Map<String, String> adminClient() {
        return saslClient(ADMIN, adminPassword);
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** Creates SCRAM users, as an operator does with kafka-configs --alter --add-config SCRAM-SHA-512=[...]. */
    public void createUsers(Map<String, String> passwordsByUser) {
        Properties props = new Properties();
        props.putAll(adminClient());
        props.put("bootstrap.servers", saslBootstrap());
        try (Admin admin = Admin.create(props)) {
            admin.alterUserScramCredentials(passwordsByUser.entrySet().stream()
                            .map(e -> (org.apache.kafka.clients.admin.UserScramCredentialAlteration)
                                    new UserScramCredentialUpsertion(
                                            e.getKey(),
                                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                                            e.getValue()))
                            .toList())
                    .all()
                    .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the SCRAM users " + passwordsByUser.keySet(), e);
        }
    }

    public List<String> commandLineOf(Map<String, String> clientSettings) {
        List<String> args = new ArrayList<>();
        clientSettings.forEach((k, v) -> {
            args.add("--kafka-property");
            args.add(k + "=" + v);
        });
        return args;
    }

    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            Directories.deleteRecursively(dir);
        }
    }
}
