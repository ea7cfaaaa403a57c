package io.roadmirror.sim;

import static io.roadmirror.testing.TestRecords.reading;
import static io.roadmirror.testing.TestRecords.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.embedded.EmbeddedKafkaBroker;
import io.roadmirror.runtime.Ports;
import io.roadmirror.runtime.TopicSetup;
import io.roadmirror.testing.Await;
import io.roadmirror.testing.Consume;
import io.roadmirror.testing.InMemorySchemaRegistry;
import io.roadmirror.topics.TopicCatalog;
import io.roadmirror.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A gateway that loses its broker keeps its readings, retries, and delivers each exactly once when the broker is back. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GatewayPublisherIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path data;

    @Test
    void readingsSentWhileTheBrokerIsDownArriveOnceWhenItIsBack() throws Exception {
        int port = Ports.findFree();
        int controller = Ports.findFree();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, controller, data);
        Properties client = new Properties();
        client.put("bootstrap.servers", broker.bootstrapServers());
        try (Admin admin = Admin.create(client)) {
            TopicSetup.ensureTopics(admin, 1, 1, List.of(TopicCatalog.SENSOR_READINGS));
        }
        Topics topics = new Topics(new InMemorySchemaRegistry(), true);
        try (GatewayPublisher gateway = new GatewayPublisher(client, topics)) {
            for (int i = 0; i < 10; i++) {
                gateway.send(GatewayRecord.of(
                        "gw-1", "sensor.readings", "s-1", reading("s-1", "A-B", sec(30L * i), 50.0), 0));
            }
            gateway.flush();
            assertEquals(10, gateway.sent());

            broker.close(); // the gateway's broker goes away (and the producer forgets the topic's partitions)
            long start = System.nanoTime();
            for (int i = 10; i < 20; i++) {
                gateway.send(GatewayRecord.of(
                        "gw-1", "sensor.readings", "s-1", reading("s-1", "A-B", sec(30L * i), 50.0), 0));
            }
            Duration sending = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(
                    sending.compareTo(Duration.ofSeconds(10)) < 0,
                    "the simulator is not held up: 10 sends took " + sending);
            assertEquals(10, gateway.sent(), "nothing can be delivered while the broker is down");
            assertEquals(0, gateway.failed(), "nor is anything given up: the readings wait");

            broker = EmbeddedKafkaBroker.start(port, controller, data); // back, at the same address with the same logs
            gateway.flush();
            Await.until("the waiting readings to be delivered", () -> gateway.sent() == 20, WAIT);
            assertEquals(0, gateway.failed());
            assertEquals(0, gateway.waiting());

            List<ConsumerRecord<String, byte[]>> delivered = Consume.all(
                    broker.bootstrapServers(),
                    "sensor.readings",
                    new StringDeserializer(),
                    new ByteArrayDeserializer(),
                    WAIT);
            assertEquals(20, delivered.size(), "each reading once, none twice: the gateway's producer is idempotent");
            assertEquals(
                    20,
                    delivered.stream()
                            .map(r -> Arrays.toString(r.value()))
                            .distinct()
                            .count(),
                    "and none lost");
        } finally {
            broker.close();
        }
    }
}
