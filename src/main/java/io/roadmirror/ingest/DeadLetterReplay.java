package io.roadmirror.ingest;

import io.roadmirror.config.ClientProperties;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Re-publishes selected dead letters to their source topic once the cause is fixed: the original
 * key and value bytes and headers, without the {@code dlq.*} headers and the origin stamp. A dead
 * letter found after a repartition carries internal bytes ({@link DeadLetters#VIA}): its original
 * record is read back from the source topic by partition and offset. A truncated dead letter
 * cannot be replayed and is only counted, as is one whose original the source topic no longer has.
 * Reads deadletter.events from the start to its end at the time of the call (read_committed, no
 * consumer group: nothing is committed, so a replay can be repeated or narrowed).
 */
public final class DeadLetterReplay {
    private static final Duration POLL = Duration.ofMillis(500);

    /** Which dead letters to replay; empty sets and null times select everything. */
    public record Selection(Set<DeadLetterReason> reasons, Set<String> topics, Instant from, Instant to) {
        boolean matches(ConsumerRecord<byte[], byte[]> letter) {
            String reason = DeadLetters.header(letter.headers(), DeadLetters.REASON);
            String topic = DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC);
            return (reasons.isEmpty() || reasons.stream().anyMatch(r -> r.name().equals(reason)))
                    && (topics.isEmpty() || topics.contains(topic))
                    && (from == null || letter.timestamp() >= from.toEpochMilli())
                    && (to == null || letter.timestamp() < to.toEpochMilli());
        }
    }

    /** What a replay did (or, dry, would do). */
    public record Summary(int read, int selected, int published, int truncated, int originalGone) {}

    private final Properties clientProperties;
    private final PrintWriter out;

    public DeadLetterReplay(Properties clientProperties, PrintWriter out) {
        this.clientProperties = clientProperties;
        this.out = out;
    }

    public Summary replay(Selection selection, boolean dryRun) {
        int read = 0;
        int selected = 0;
        int published = 0;
        int truncated = 0;
        int gone = 0;
        try (KafkaConsumer<byte[], byte[]> letters = consumer();
                KafkaConsumer<byte[], byte[]> originals = consumer();
                KafkaProducer<byte[], byte[]> producer = dryRun ? null : producer()) {
            List<TopicPartition> partitions = letters.partitionsFor(DeadLetters.TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            letters.assign(partitions);
            letters.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = letters.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> letters.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> letter : letters.poll(POLL)) {
                    if (letter.offset() >= end.get(new TopicPartition(letter.topic(), letter.partition()))) {
                        continue;
                    }
                    read++;
                    if (!selection.matches(letter)) {
                        continue;
                    }
                    selected++;
                    String where = DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC) + "-"
                            + DeadLetters.header(letter.headers(), DeadLetters.SOURCE_PARTITION) + "@"
                            + DeadLetters.header(letter.headers(), DeadLetters.SOURCE_OFFSET);
                    String reason = DeadLetters.header(letter.headers(), DeadLetters.REASON);
                    if (DeadLetters.isTruncated(letter.headers())) {
                        truncated++;
                        out.printf(
                                "skip    %s (%s): truncated, the original bytes are not in the dead letter%n",
                                where, reason);
                        continue;
                    }
                    Optional<ProducerRecord<byte[], byte[]>> original = original(letter, originals);
                    if (original.isEmpty()) {
                        gone++;
                        out.printf(
                                "skip    %s (%s): the source topic no longer has the original record%n", where, reason);
                        continue;
                    }
                    ProducerRecord<byte[], byte[]> record = original.get();
                    out.printf(
                            "%s %s (%s) -> %s, key %s%n",
                            dryRun ? "would   " : "publish", where, reason, record.topic(), text(record.key()));
                    if (!dryRun) {
                        producer.send(record);
                        published++;
                    }
                }
            }
            if (producer != null) {
                producer.flush();
            }
        }
        Summary summary = new Summary(read, selected, published, truncated, gone);
        out.printf(
                "%s%d of %d dead letters selected; %d re-published, %d truncated, %d whose original is gone%n",
                dryRun ? "Dry run: " : "", selected, read, published, truncated, gone);
        out.flush();
        return summary;
    }

    /** The record to publish again: the dead letter's own bytes, or (after a repartition) the input record read back. */
    private static Optional<ProducerRecord<byte[], byte[]>> original(
            ConsumerRecord<byte[], byte[]> letter, KafkaConsumer<byte[], byte[]> originals) {
        String topic = DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC);
        if (DeadLetters.header(letter.headers(), DeadLetters.VIA) == null) {
            return Optional.of(new ProducerRecord<>(
                    topic, null, letter.timestamp(), letter.key(), letter.value(), cleaned(letter.headers())));
        }
        TopicPartition tp = new TopicPartition(
                topic, Integer.parseInt(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_PARTITION)));
        long offset = Long.parseLong(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_OFFSET));
        originals.assign(List.of(tp));
        originals.seek(tp, offset);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : originals.poll(POLL)) {
                if (r.offset() == offset) {
                    return Optional.of(
                            new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value(), cleaned(r.headers())));
                }
                if (r.offset() > offset) {
                    return Optional.empty();
                }
            }
            if (originals.position(tp) > offset) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Headers cleaned(Headers headers) {
        RecordHeaders kept = new RecordHeaders();
        Predicate<Header> ours = h -> h.key().startsWith("dlq.") || h.key().equals(DeadLetters.ORIGIN);
        for (Header h : headers) {
            if (!ours.test(h)) {
                kept.add(h);
            }
        }
        return kept;
    }

    private static String text(byte[] key) {
        if (key == null) {
            return "(none)";
        }
        String s = new String(key, StandardCharsets.UTF_8);
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = ClientProperties.committedReader(clientProperties, null);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(
                ClientProperties.safeProducer(clientProperties, null),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** The reasons named, refusing a name that is not one. */
    public static Set<DeadLetterReason> reasons(List<String> names) {
        List<DeadLetterReason> reasons = new ArrayList<>();
        for (String name : names) {
            try {
                reasons.add(DeadLetterReason.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--reason " + name + " is not a dead-letter reason; one of "
                        + Arrays.toString(DeadLetterReason.values()));
            }
        }
        return Set.copyOf(reasons);
    }
}
