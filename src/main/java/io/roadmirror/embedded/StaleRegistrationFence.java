package io.roadmirror.embedded;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Properties;
import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.BrokerRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the embedded node as a controller alone until the registration of a broker that was killed
 * (kill -9) is fenced, before the node starts again as broker and controller.
 *
 * <p>Why: after a kill the metadata log still holds the killed broker's registration, unfenced, and a
 * restarted combined node acts on it at once: its transaction coordinator takes over, finds a commit
 * the kill interrupted (PREPARE_COMMIT) and sends its markers, while the controller still refuses the
 * new incarnation (DUPLICATE_BROKER_REGISTRATION) and the broker's listener stays closed. When the old
 * session expires the partitions lose their leader for a moment, and the coordinator, taking leaderless
 * partitions for deleted ones, writes COMPLETE_COMMIT without the markers. The transaction then hangs
 * in its partitions: read_committed consumers stop at it, and Kafka Streams waits for good on "unstable
 * offsets" in {@code __consumer_offsets}. With the old registration fenced first, the restart goes as
 * after a clean shutdown: the broker leads nothing until it is registered and serving, so the
 * coordinator finishes the commit with every marker.
 */
final class StaleRegistrationFence {
    private static final Logger log = LoggerFactory.getLogger(StaleRegistrationFence.class);
    private static final Duration FENCE_TIMEOUT = Duration.ofSeconds(30);

    private StaleRegistrationFence() {}

    /**
     * @param combined the node's broker-and-controller configuration
     * @param controllerPort the port of its CONTROLLER listener
     */
    static void fence(Properties combined, int controllerPort) {
        int nodeId = Integer.parseInt(combined.getProperty("node.id"));
        KafkaRaftServer controller =
                new KafkaRaftServer(new KafkaConfig(controllerOnly(combined, controllerPort), false), Time.SYSTEM);
        long started = System.nanoTime();
        controller.startup();
        try {
            ControllerServer server = controllerOf(controller);
            long deadline = started + FENCE_TIMEOUT.toNanos();
            while (!fenced(server, nodeId)) {
                if (System.nanoTime() > deadline) {
                    log.warn(
                            "The killed broker's registration was not fenced within {} s; starting the broker"
                                    + " anyway (a transaction the kill interrupted may hang)",
                            FENCE_TIMEOUT.toSeconds());
                    return;
                }
                Thread.sleep(100);
            }
            log.info(
                    "The broker was killed last time: its registration is fenced ({} ms), so the restart takes"
                            + " leadership only once it serves",
                    (System.nanoTime() - started) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fencing the killed broker's registration", e);
        } finally {
            controller.shutdown();
            controller.awaitShutdown();
        }
    }

    /** The same node, data and quorum, without the broker role; its short session fences the old one soon. */
    static Properties controllerOnly(Properties combined, int controllerPort) {
        Properties props = new Properties();
        props.putAll(combined);
        props.put("process.roles", "controller");
        props.put("listeners", "CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT");
        props.remove("advertised.listeners");
        props.remove("inter.broker.listener.name");
        // Nothing heartbeats for the killed broker: its session ends one timeout after the controller is active.
        props.put("broker.session.timeout.ms", "1000");
        props.put("broker.heartbeat.interval.ms", "500");
        return props;
    }

    private static boolean fenced(ControllerServer controller, int nodeId) {
        BrokerRegistration registration =
                controller.metadataCache().currentImage().cluster().broker(nodeId);
        return registration == null || registration.fenced();
    }

    /** KafkaRaftServer keeps its controller private; the metadata image it holds is the only sure answer. */
    private static ControllerServer controllerOf(KafkaRaftServer server) {
        try {
            Method controller = KafkaRaftServer.class.getDeclaredMethod("controller");
            controller.setAccessible(true);
            return (ControllerServer) ((scala.Option<?>) controller.invoke(server)).get();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "this Kafka version's KafkaRaftServer has no controller() to read the metadata image from", e);
        }
    }
}
