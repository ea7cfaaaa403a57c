package io.roadmirror.sim;

import io.roadmirror.config.ClientProperties;
import io.roadmirror.runtime.StartupException;
import io.roadmirror.topics.Topic;
import io.roadmirror.topics.Topics;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Lets a restarted demo go on with the same simulated city instead of starting the morning again.
 * The first start records its simulated start in the data directory; a later start rebuilds the
 * (deterministic, seeded) model from there, replaying it without sending anything up to the newest
 * event time the gateways had already written to Kafka, and sends from that point on: the same
 * vehicles, the same open incidents with the same ids. Starting at 06:30 again would put every
 * reading behind the stream time the pipeline had committed, a flood of LATE dead letters.
 */
public final class SimulatorResume {
    private static final String START = "simulatedStart";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** Records read back from the end of each partition: the newest event time is among the last few. */
    private static final int TAIL = 200;
    /** Replayed in slices, so that what the replay generates (and drops) is never held at once. */
    private static final long REPLAY_CHUNK_MS = Duration.ofMinutes(10).toMillis();

    private SimulatorResume() {}

    /** The simulated start recorded in {@code file}, or {@code fresh}, which is then recorded. */
    public static Instant start(Path file, Instant fresh) {
        try {
            if (Files.exists(file)) {
                Properties saved = new Properties();
                try (Reader in = Files.newBufferedReader(file)) {
                    saved.load(in);
                }
                String start = saved.getProperty(START);
                if (start != null) {
                    return Instant.ofEpochMilli(Long.parseLong(start));
                }
            }
            Properties saved = new Properties();
            saved.setProperty(START, Long.toString(fresh.toEpochMilli()));
            try (Writer out = Files.newBufferedWriter(file)) {
                saved.store(out, "the simulator's start, so that a restart continues the same simulated day");
            }
            return fresh;
        } catch (IOException | NumberFormatException e) {
            throw new StartupException(
                    "cannot read or write the simulator's start in " + file + ": " + e.getMessage()
                            + "; delete the file to start the simulated day again",
                    e);
        }
    }

    /** The newest event time among the readings and positions already in Kafka; empty when there are none. */
    public static OptionalLong newestEventTime(Properties client, Topics topics) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                ClientProperties.committedReader(client, null),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            long readings = newest(consumer, topics.sensorReadings, r -> r.getEventTime());
            long positions = newest(consumer, topics.vehiclePositions, p -> p.getEventTime());
            long newest = Math.max(readings, positions);
            return newest == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(newest);
        }
    }

    private static <V> long newest(
            KafkaConsumer<byte[], byte[]> consumer, Topic<String, V> topic, Function<V, Instant> eventTime) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), READ_TIMEOUT).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
        Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, READ_TIMEOUT);
        List<TopicPartition> nonEmpty =
                partitions.stream().filter(p -> ends.get(p) > begins.get(p)).toList();
        consumer.assign(nonEmpty);
        nonEmpty.forEach(p -> consumer.seek(p, Math.max(begins.get(p), ends.get(p) - TAIL)));
        long newest = Long.MIN_VALUE;
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (nonEmpty.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new StartupException("could not read the end of " + topic.name() + " within "
                        + READ_TIMEOUT.toSeconds() + " s to resume the simulator; is the broker up?");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                try {
                    newest = Math.max(
                            newest,
                            eventTime
                                    .apply(topic.valueSerde().deserializer().deserialize(topic.name(), record.value()))
                                    .toEpochMilli());
                } catch (RuntimeException notOurs) {
                    // bytes another producer wrote (or the simulator's deliberate garbage): not a reading to resume
                    // from
                }
            }
        }
        return newest;
    }

    /**
     * Rebuilds the model's state up to {@code time} by replaying it from its start without sending, so the
     * records it returns next are those an uninterrupted run would have sent after {@code time}. The replay
     * reports its ground truth again: the restarted demo's ground-truth file (written anew at each start) then
     * holds the whole day, the part before the kill included, and its fidelity report judges all of it.
     */
    public static void fastForward(TrafficModel model, long time) {
        while (model.now() + REPLAY_CHUNK_MS < time) {
            model.advanceTo(model.now() + REPLAY_CHUNK_MS); // what it returns was sent before: dropped
        }
        model.advanceTo(time);
    }
}
