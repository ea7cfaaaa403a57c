package io.roadmirror.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.api.ServedPipeline;
import io.roadmirror.cli.Main;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.runtime.Directories;
import io.roadmirror.runtime.Ports;
import io.roadmirror.testing.LogCapture;
import io.roadmirror.testing.SecuredBroker;
import io.roadmirror.testing.SharedInfra;
import io.roadmirror.testing.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * roadmirror on a secured broker (SASL_SSL with SCRAM-SHA-512, mutual TLS, the StandardAuthorizer),
 * each command under its own principal with exactly the ACLs `roadmirror acls --apply` grants its
 * role: load-network as the loader, the pipeline (exactly_once_v2) as the pipeline, simulate as a
 * gateway, and subscribers over SCRAM and over a client certificate. Every principal is then shown
 * the door outside its role, and nothing any of them printed or logged contains a secret.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> ROLES_BY_SCRAM = List.of("loader", "gateway", "pipeline", "subscriber");
    /** The contract's topics that exist now (load-network creates them; the v2 ones are not written yet). */
    private static final String[] EXISTING_TOPICS = io.roadmirror.topics.TopicCatalog.ALL.stream()
            .map(io.roadmirror.topics.TopicDefinition::name)
            .toArray(String[]::new);

    private static LogCapture logs;
    private static SecuredBroker broker;
    private static final Map<String, String> passwords = new LinkedHashMap<>();
    private static ServedPipeline pipeline;
    private static Path stateDir;

    @BeforeAll
    static void startSecuredClusterAndApplyEveryRolesAcls() {
        logs = new LogCapture();
        SharedInfra.registry(); // plain registry: registry security is HttpSchemaRegistryClientTlsIT's subject
        broker = SecuredBroker.start();
        for (String user : ROLES_BY_SCRAM) {
            passwords.put(user, SecuredBroker.randomSecret(user + "-pw-"));
        }
        broker.createUsers(passwords);
        for (String user : ROLES_BY_SCRAM) {
            acls(user, "User:" + user);
        }
        acls("subscriber", "User:" + TestCertificates.CLIENT_CN);
    }

    private static void acls(String role, String principal) {
        List<String> args = new ArrayList<>(List.of(
                "acls",
                "--role",
                role,
                "--principal",
                principal,
                "--apply",
                "--bootstrap-servers",
                broker.saslBootstrap()));
        args.addAll(broker.commandLineOf(broker.adminClient()));
        assertEquals(0, Main.execute(args.toArray(String[]::new)), "acls --apply for " + principal);
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (broker != null) {
            broker.close();
        }
        Directories.deleteRecursively(stateDir);
        if (logs != null) {
            logs.close();
        }
    }

    private static Properties client(String user) {
        Properties p = new Properties();
        p.putAll(broker.saslClient(user, passwords.get(user)));
        p.put("bootstrap.servers", broker.saslBootstrap());
        return p;
    }

    private static Properties tlsClient() {
        Properties p = new Properties();
        p.putAll(broker.tlsClient());
        p.put("bootstrap.servers", broker.tlsBootstrap());
        return p;
    }

    private static String[] command(String user, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--bootstrap-servers",
                broker.saslBootstrap(),
                "--schema-registry-url",
                SharedInfra.registryUrl().toString()));
        all.addAll(broker.commandLineOf(broker.saslClient(user, passwords.get(user))));
        return all.toArray(String[]::new);
    }

    @Test
    @Order(1)
    void theWholeFlowRunsWithEachRolesAclsOnly() throws Exception {
        assertEquals(
                0,
                Main.execute(
                        "register-schemas",
                        "--schema-registry-url",
                        SharedInfra.registryUrl().toString()));
        assertEquals(
                0,
                Main.execute(command(
                        "loader", "load-network", "--topic-partitions", "2", "--topic-replication-factor", "1")),
                "load-network as the loader");

        Map<String, String> settings = new HashMap<>();
        broker.saslClient("pipeline", passwords.get("pipeline")).forEach((k, v) -> settings.put("kafka." + k, v));
        stateDir = Directories.createTemp("roadmirror-secured-state-");
        settings.putAll(Map.of(
                "bootstrap.servers",
                broker.saslBootstrap(),
                "schema.registry.url",
                SharedInfra.registryUrl().toString(),
                "topic.partitions",
                "2",
                "topic.replication.factor",
                "1",
                "processing.guarantee",
                "exactly_once_v2",
                "num.stream.threads",
                "1",
                "api.port",
                String.valueOf(Ports.findFree()),
                "state.dir",
                stateDir.toString()));
        RoadmirrorConfig config = RoadmirrorConfig.of(settings);
        pipeline = ServedPipeline.start(config, new HttpSchemaRegistryClient(config.registry()), false, stateDir, WAIT);

        assertEquals(
                0,
                Main.execute(command("gateway", "simulate", "--duration", "4s", "--speedup", "120")),
                "simulate as a gateway");

        assertTrue(readsSomething(client("subscriber"), "subscriber"), "a SCRAM subscriber reads mirror.segments");
        assertTrue(
                readsSomething(tlsClient(), TestCertificates.CLIENT_CN),
                "a certificate subscriber reads mirror.segments");
    }

    /** Subscribes with the role's own group, as a downstream service would, until a mirror record arrives. */
    private static boolean readsSomething(Properties props, String group) {
        props.put("group.id", group);
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_committed");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("mirror.segments"));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    if (r.value() != null && r.value().length > 5 && r.value()[0] == 0) {
                        consumer.commitSync(); // the group's offsets: Read on its own group is enough
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Test
    @Order(2)
    void aGatewayCannotWriteTheNetworkOrTheMirror() {
        assertDenied(client("gateway"), "road.network", "mirror.segments", "routing.advisories", "deadletter.events");
    }

    @Test
    @Order(2)
    void aGatewayRunningTheLoaderIsToldWhichAclsItLacks() {
        int before = logs.text().length();
        assertEquals(
                1,
                Main.execute(command(
                        "gateway", "load-network", "--topic-partitions", "2", "--topic-replication-factor", "1")));
        String said = logs.text().substring(before);
        assertTrue(said.contains("roadmirror acls --role") && !said.contains("unexpected failure"), said);
    }

    @Test
    @Order(2)
    void thePipelineCannotWriteTheNetwork() {
        assertDenied(client("pipeline"), "road.network", "sensor.readings");
    }

    @Test
    @Order(2)
    void aSubscriberCannotWriteAnything() {
        assertDenied(client("subscriber"), EXISTING_TOPICS);
        assertDenied(tlsClient(), EXISTING_TOPICS);
    }

    @Test
    @Order(2)
    void aSubscriberCannotReadTheRawInputNorUseAnotherGroup() {
        Properties p = client("subscriber");
        p.put("default.api.timeout.ms", "15000");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            assertThrows(TopicAuthorizationException.class, () -> consumer.partitionsFor("sensor.readings"));
        }
        Properties other = client("subscriber");
        other.put("group.id", "roadmirror"); // the pipeline's group
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(other, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("mirror.segments"));
            assertThrows(GroupAuthorizationException.class, () -> {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200));
                }
            });
        }
    }

    @Test
    @Order(2)
    void aWrongPasswordAndAMissingCertificateAreRefused() {
        Properties wrong = new Properties();
        wrong.putAll(broker.saslClient("gateway", "not-the-password"));
        wrong.put("bootstrap.servers", broker.saslBootstrap());
        try (Admin admin = Admin.create(wrong)) {
            ExecutionException e = assertThrows(
                    ExecutionException.class,
                    () -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause());
        }
        Properties noCertificate = tlsClient();
        noCertificate.remove("ssl.keystore.location");
        noCertificate.remove("ssl.keystore.password");
        noCertificate.remove("ssl.key.password");
        noCertificate.remove("ssl.keystore.type");
        try (Admin admin = Admin.create(noCertificate)) {
            ExecutionException e = assertThrows(
                    ExecutionException.class,
                    () -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
            assertInstanceOf(SslAuthenticationException.class, e.getCause());
        }
    }

    /** A plain (non-idempotent) producer, so the broker answers per topic rather than refusing a producer id. */
    private static void assertDenied(Properties props, String... topics) {
        props.put("enable.idempotence", "false");
        props.put("acks", "all");
        props.put("max.block.ms", "15000");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (String topic : topics) {
                ExecutionException e = assertThrows(
                        ExecutionException.class,
                        () -> producer.send(new ProducerRecord<>(topic, "k", new byte[] {1}))
                                .get(30, TimeUnit.SECONDS),
                        topic);
                assertInstanceOf(TopicAuthorizationException.class, e.getCause(), topic + ": " + e.getCause());
            }
        }
    }

    @Test
    @Order(3)
    void noSecretReachedTheLogsOrTheConsole() {
        List<String> secrets = new ArrayList<>(passwords.values());
        secrets.add(broker.adminPassword());
        secrets.add(broker.certificates().password());
        assertTrue(logs.text().contains("sasl.jaas.config"), "the capture saw the clients' configuration dumps");
        assertEquals(List.of(), logs.leaked(secrets), "secrets in the captured output");
    }
}
