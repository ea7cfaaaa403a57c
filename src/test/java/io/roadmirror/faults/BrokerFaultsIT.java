package io.roadmirror.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.network.NetworkPublisher;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.SampleCity;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.runtime.Ports;
import io.roadmirror.runtime.SchemaSetup;
import io.roadmirror.runtime.TopicSetup;
import io.roadmirror.sim.GatewayPublisher;
import io.roadmirror.sim.GroundTruth;
import io.roadmirror.sim.SimulatorSettings;
import io.roadmirror.sim.TrafficModel;
import io.roadmirror.testing.Drained;
import io.roadmirror.testing.SharedInfra;
import io.roadmirror.topics.TopicCatalog;
import io.roadmirror.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A broker of three lost under load and brought back: a three-broker KRaft cluster (replication 3,
 * min.insync.replicas 2), the pipeline as a {@code roadmirror run} JVM and the simulator's gateways
 * writing at a steady pace. Nothing is lost, nothing is published twice, and the pipeline carries
 * on without a restart or a replaced thread. {@code mvn verify} runs a short version (28 s of feed,
 * 8 s without the broker); {@code -Pfaults} the long one (45 s, 15 s), see docs/reliability.md.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@Execution(ExecutionMode.CONCURRENT) // paced, mostly waiting: runs beside the other integration tests (pom.xml)
class BrokerFaultsIT {
    private static final Instant SIM_START = Instant.parse("2026-03-17T07:00:00Z");
    private static final List<String> GATEWAY_ONLY_TOPICS =
            List.of(TopicCatalog.SENSOR_READINGS.name(), TopicCatalog.VEHICLE_POSITIONS.name());

    /** The long version ({@code -Pfaults}): a longer feed and outage; the short one runs in {@code mvn verify}. */
    private static final boolean LONG = Boolean.getBoolean("roadmirror.faults.long");

    private static final Duration FEED = Duration.ofSeconds(LONG ? 45 : 28);
    private static final Duration STOP_AFTER = Duration.ofSeconds(LONG ? 12 : 7);
    private static final Duration OUTAGE = Duration.ofSeconds(LONG ? 15 : 8);

    @TempDir
    Path dir;

    @Test
    void aBrokerOfThreeStoppedAndRestartedUnderLoadLosesNothingAndNeedsNoPipelineRestart() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setNumBrokerNodes(3)
                .setNumControllerNodes(1)
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .build();
        try (KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("transaction.state.log.min.isr", "2")
                .setConfigProp("log.cleaner.dedupe.buffer.size", "8388608")
                .build()) {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            String bootstrap = cluster.bootstrapServers();
            Properties client = new Properties();
            client.put("bootstrap.servers", bootstrap);

            RoadNetwork network = SampleCity.generate();
            SchemaRegistryClient registry = SharedInfra.client();
            SchemaSetup.registerAll(registry);
            Topics topics = new Topics(registry, false);
            try (Admin admin = Admin.create(client)) {
                TopicSetup.ensureTopics(admin, 3, 3);
                Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(
                                new ConfigResource(ConfigResource.Type.TOPIC, TopicCatalog.SENSOR_READINGS.name())))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                assertEquals(
                        "2",
                        configs.values()
                                .iterator()
                                .next()
                                .get("min.insync.replicas")
                                .value(),
                        "replicated topics are created with two in-sync replicas");
            }
            NetworkPublisher.publish(network, topics.roadNetwork, client);

            try (PipelineInstance pipeline = new PipelineInstance(
                            "pipeline",
                            dir,
                            bootstrap,
                            SharedInfra.registryUrl().toString(),
                            "faults-brokers",
                            3,
                            3,
                            Ports.findFree(),
                            List.of("--mirror-grace", "20m"));
                    GatewayPublisher gateways = new GatewayPublisher(client, topics)) {
                pipeline.start(Duration.ofMinutes(2));
                long pid = pipeline.pid();
                double speedup = 20;
                Duration feedWall = FEED;
                TrafficModel model = new TrafficModel(
                        network,
                        new SimulatorSettings(
                                speedup, 9, 4, 60, 12, Optional.of(SIM_START), SimulatorSettings.Realism.NONE),
                        SIM_START,
                        GroundTruth.NONE);
                try (SteadyFeed feed = new SteadyFeed(
                                model, List.of(gateways), feedWall.multipliedBy((long) speedup), speedup)
                        .start()) {
                    TimeUnit.MILLISECONDS.sleep(STOP_AFTER.toMillis());
                    int victim = cluster.brokers().keySet().iterator().next();
                    BrokerServer broker = cluster.brokers().get(victim);
                    broker.shutdown();
                    System.out.println("broker " + victim + " stopped under load for " + OUTAGE.toSeconds() + " s");
                    TimeUnit.MILLISECONDS.sleep(OUTAGE.toMillis());
                    broker.startup();
                    System.out.println("broker " + victim + " started again");
                    feed.awaitDone(feedWall.plus(Duration.ofMinutes(3)));

                    assertEquals(0, gateways.failed(), "the gateways lost nothing");
                    assertEquals(
                            feed.generated(GATEWAY_ONLY_TOPICS),
                            RunOutputs.inputCount(bootstrap, GATEWAY_ONLY_TOPICS),
                            "every reading and position is in the cluster, once");
                    Drained.await(
                            bootstrap,
                            "faults-brokers",
                            List.of(
                                    TopicCatalog.SENSOR_READINGS.name(),
                                    TopicCatalog.VEHICLE_POSITIONS.name(),
                                    TopicCatalog.INCIDENT_REPORTS.name()),
                            Duration.ofMinutes(3));
                    RunOutputs outputs = RunOutputs.read(bootstrap, topics, 0, Duration.ofMinutes(1));
                    System.out.println("compared: " + feed.generated() + " records generated, "
                            + outputs.mirrorRecords() + " mirror updates, "
                            + outputs.advisoryIds().size() + " advisories, dead letters "
                            + outputs.deadLetters().size());
                    assertTrue(outputs.mirrorRecords() > 0
                            && !outputs.finalMirror().isEmpty());
                    assertEquals(
                            List.of(),
                            RunOutputs.twice(outputs.detectedOpenings()),
                            "no detected incident opened twice");
                    assertEquals(Map.of(), outputs.deadLetters(), "valid input only: nothing dead-lettered");
                    assertTrue(pipeline.isAlive() && pipeline.pid() == pid, "the pipeline ran on without a restart");
                    String log = pipeline.logs();
                    assertFalse(log.contains("A stream thread failed"), "no stream thread died");
                    assertFalse(log.contains("shutting down this instance"), "no fatal state");
                }
            }
        }
    }
}
