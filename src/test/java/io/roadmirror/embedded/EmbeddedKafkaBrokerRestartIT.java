package io.roadmirror.embedded;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.runtime.Ports;
import io.roadmirror.testing.Await;
import io.roadmirror.testing.TestJvms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The embedded broker killed with kill -9 while transactions commit, as the demo's restart does it:
 * started again on the same data, it finishes every commit the kill interrupted, so no partition keeps
 * a transaction open and no consumer group keeps "unstable" offsets (a Kafka Streams restart would
 * wait on them for good). A kill lands inside a commit's marker phase often, not always: the test kills
 * until two restarts have had such a commit to finish, or six times.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@Execution(ExecutionMode.CONCURRENT) // mostly waiting on child JVMs: runs beside the other integration tests
class EmbeddedKafkaBrokerRestartIT {
    private static final String TOPIC = "committed";
    private static final String GROUP = "committer";
    private static final int PARTITIONS = 24;
    private static final int COMMITTERS = 4;
    private static final int MAX_KILLS = 6;
    private static final int WANTED_INTERRUPTED_COMMITS = 2;
    /** The broker's words when, restarted, it completes a commit or abort that was under way (with ",COMMIT,"). */
    private static final String FINISHING_A_COMMIT = "Sending txn markers for";

    private static final Duration UP_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path work;

    @Test
    void aBrokerKilledWhileTransactionsCommitFinishesThemWhenItRestarts() throws Exception {
        int port = Ports.findFree();
        int controllerPort = Ports.findFree();
        String bootstrap = "127.0.0.1:" + port;
        Random random = new Random(11);
        ChildJvm broker = startBroker(port, controllerPort, "broker-0.log");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        int kills = 0;
        int interruptedCommits = 0;
        while (kills < MAX_KILLS && interruptedCommits < WANTED_INTERRUPTED_COMMITS) {
            long committed = commitUntilKilled(bootstrap, broker, random);
            kills++;
            assertTrue(committed >= 20, "transactions committed before kill " + kills + ": " + committed);
            broker = startBroker(port, controllerPort, "broker-" + kills + ".log");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                awaitEveryCommitFinished(admin, bootstrap, broker);
            }
            // The restarted coordinator says when it finishes a commit the kill cut short.
            if (Files.readString(broker.logFile())
                    .lines()
                    .anyMatch(line -> line.contains(FINISHING_A_COMMIT) && line.contains(",COMMIT,"))) {
                interruptedCommits++;
            }
        }
        broker.close();
        System.out.printf("%d kills, %d of them inside a commit's marker phase%n", kills, interruptedCommits);
    }

    /**
     * A new producer with the transactional id aborts what the kill left open, as a restarted Streams
     * thread does; what the kill caught committing, the coordinator must finish by itself.
     */
    private static void awaitEveryCommitFinished(Admin admin, String bootstrap, ChildJvm broker) {
        for (int committer = 0; committer < COMMITTERS; committer++) {
            try (KafkaProducer<String, String> producer = producer(bootstrap, committer)) {
                producer.initTransactions();
            }
        }
        List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
                .mapToObj(p -> new TopicPartition(TOPIC, p))
                .toList();
        Await.until(
                "every partition's last stable offset to reach its end, and the group's offsets to be stable" + " (log "
                        + broker.logFile() + ")",
                () -> {
                    try {
                        Map<TopicPartition, Long> stable = endOffsets(admin, partitions, IsolationLevel.READ_COMMITTED);
                        Map<TopicPartition, Long> end = endOffsets(admin, partitions, IsolationLevel.READ_UNCOMMITTED);
                        admin.listConsumerGroupOffsets(GROUP, new ListConsumerGroupOffsetsOptions().requireStable(true))
                                .partitionsToOffsetAndMetadata()
                                .get(5, TimeUnit.SECONDS);
                        return stable.equals(end);
                    } catch (Exception e) {
                        return false;
                    }
                },
                Duration.ofSeconds(60));
    }

    private static Map<TopicPartition, Long> endOffsets(
            Admin admin, List<TopicPartition> partitions, IsolationLevel isolation) throws Exception {
        return admin
                .listOffsets(
                        partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest())),
                        new ListOffsetsOptions(isolation))
                .all()
                .get(5, TimeUnit.SECONDS)
                .entrySet()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /**
     * Transactions over every partition and the group's offsets, as a Streams commit writes them, from
     * several producers at once; kill -9 lands just after one of them asks to commit.
     */
    private static long commitUntilKilled(String bootstrap, ChildJvm broker, Random random) throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        AtomicLong committed = new AtomicLong();
        AtomicInteger committing = new AtomicInteger();
        List<KafkaProducer<String, String>> producers = IntStream.range(0, COMMITTERS)
                .mapToObj(i -> producer(bootstrap, i))
                .toList();
        List<Thread> committers = IntStream.range(0, COMMITTERS)
                .mapToObj(i -> new Thread(
                        () -> commitUntil(producers.get(i), i, killed, committing, committed), "committer-" + i))
                .toList();
        committers.forEach(Thread::start);
        // The first transactions wait for the coordinators' topics to be created: kill only once they flow.
        Await.until("transactions to commit", () -> committed.get() >= 20, Duration.ofSeconds(60));
        TimeUnit.MILLISECONDS.sleep(random.nextInt(500));
        Await.until("a commit to be asked for", () -> committing.get() > 0, Duration.ofSeconds(30));
        TimeUnit.MILLISECONDS.sleep(random.nextInt(4));
        killed.set(true);
        ProcessHandle.of(broker.pid()).ifPresent(ProcessHandle::destroyForcibly);
        broker.waitForExit(Duration.ofSeconds(30));
        broker.close();
        producers.forEach(p -> p.close(Duration.ZERO)); // fails a commit still waiting on the dead broker
        for (Thread committer : committers) {
            committer.join(Duration.ofSeconds(30).toMillis());
        }
        return committed.get();
    }

    private static void commitUntil(
            KafkaProducer<String, String> producer,
            int committer,
            AtomicBoolean killed,
            AtomicInteger committing,
            AtomicLong committed) {
        try {
            producer.initTransactions();
            for (long n = 0; !killed.get(); n++) {
                producer.beginTransaction();
                for (int p = 0; p < PARTITIONS; p++) {
                    producer.send(new ProducerRecord<>(TOPIC, p, "k", committer + "-" + n));
                }
                producer.sendOffsetsToTransaction(
                        Map.of(new TopicPartition(TOPIC, committer), new OffsetAndMetadata(n)),
                        new ConsumerGroupMetadata(GROUP));
                committing.incrementAndGet();
                producer.commitTransaction();
                committing.decrementAndGet();
                committed.incrementAndGet();
            }
        } catch (RuntimeException e) {
            if (!killed.get()) {
                throw e;
            }
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap, int committer) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "restart-committer-" + committer);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private ChildJvm startBroker(int port, int controllerPort, String log) {
        ChildJvm broker = ChildJvm.start(
                "broker",
                null,
                List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"),
                List.of(
                        "-cp",
                        TestJvms.classPath(),
                        BrokerMain.class.getName(),
                        String.valueOf(port),
                        String.valueOf(controllerPort),
                        work.resolve("data").toString()),
                work,
                work.resolve(log));
        TestJvms.awaitLine(broker, BrokerMain.UP, UP_TIMEOUT);
        return broker;
    }

    /** The embedded broker alone, in its own JVM so that a kill is real. */
    public static final class BrokerMain {
        static final String UP = "embedded broker up";

        public static void main(String[] args) throws Exception {
            EmbeddedKafkaBroker.start(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Path.of(args[2]));
            System.out.println(UP);
            Thread.sleep(Duration.ofMinutes(10).toMillis());
        }
    }
}
