package io.roadmirror.ingest;

import io.roadmirror.topics.TopicCatalog;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the records of deadletter.events: the original key and value bytes and headers, plus
 * {@code dlq.reason}, {@code dlq.detail}, {@code dlq.topic}, {@code dlq.partition}, {@code dlq.offset}.
 *
 * <p>Two additions make a dead letter actionable (DESIGN.md "Record fields"):
 * <ul>
 *   <li>Validation stamps every record it passes with {@link #ORIGIN} (topic/partition/offset of the
 *       input record); Kafka Streams carries headers through repartition topics, so a record
 *       rejected after a repartition names its input record, and {@link #VIA} names the internal
 *       topic whose bytes it carries (the replay command then fetches the original).</li>
 *   <li>A dead letter larger than {@link #MAX_BYTES} would fail to send (the producer's and the
 *       broker's 1 MiB defaults) and, under exactly-once, fail its transaction and be retried
 *       forever (KAFKA-9279): it is cut to its first {@link #TRUNCATED_BYTES} with
 *       {@link #TRUNCATED} saying so.</li>
 * </ul>
 */
public final class DeadLetters {
    public static final String TOPIC = TopicCatalog.DEAD_LETTERS.name();
    public static final String REASON = "dlq.reason";
    public static final String DETAIL = "dlq.detail";
    public static final String SOURCE_TOPIC = "dlq.topic";
    public static final String SOURCE_PARTITION = "dlq.partition";
    public static final String SOURCE_OFFSET = "dlq.offset";
    /** Present when key and value are an internal topic's bytes (after a repartition), not the input record's: that topic. */
    public static final String VIA = "dlq.via";
    /** Present when the key or value was cut: the original sizes. */
    public static final String TRUNCATED = "dlq.truncated";
    /** The input record a record in the pipeline came from: {@code topic/partition/offset}. */
    public static final String ORIGIN = "roadmirror.origin";

    /** Key, value and headers above this are not sent whole (the 1 MiB defaults, less 4 KiB for batch and record overhead). */
    public static final int MAX_BYTES = 1024 * 1024 - 4096;
    /** What is kept of a value (or key) that is cut: enough to see what it was. */
    public static final int TRUNCATED_BYTES = 64 * 1024;

    /** Where a record came from, as read from the {@link #ORIGIN} header. */
    public record Origin(String topic, int partition, long offset) {
        String header() {
            return topic + "/" + partition + "/" + offset;
        }

        static Origin parse(String header) {
            if (header == null) {
                return null;
            }
            int last = header.lastIndexOf('/');
            int middle = header.lastIndexOf('/', last - 1);
            if (middle <= 0) {
                return null;
            }
            try {
                return new Origin(
                        header.substring(0, middle),
                        Integer.parseInt(header.substring(middle + 1, last)),
                        Long.parseLong(header.substring(last + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private DeadLetters() {}

    public static ProducerRecord<byte[], byte[]> record(
            DeadLetterReason reason,
            String detail,
            String topic,
            int partition,
            long offset,
            Long timestamp,
            byte[] key,
            byte[] value,
            Headers original) {
        Origin origin = original == null ? null : Origin.parse(header(original, ORIGIN));
        boolean via = origin != null && !origin.topic().equals(topic);
        RecordHeaders headers = new RecordHeaders();
        if (original != null) {
            for (Header h : original) {
                if (!h.key().startsWith("dlq.")) {
                    headers.add(h);
                }
            }
        }
        headers.add(REASON, utf8(reason.name()));
        headers.add(DETAIL, utf8(detail == null ? "" : detail));
        headers.add(SOURCE_TOPIC, utf8(via ? origin.topic() : topic));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(via ? origin.partition() : partition)));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(via ? origin.offset() : offset)));
        if (via) {
            headers.add(VIA, utf8(topic));
        }
        Long ts = timestamp == null || timestamp < 0 ? null : timestamp;
        return fitting(new ProducerRecord<>(TOPIC, null, ts, key, value, headers));
    }

    /** The dead letter as it is, when it fits; else with key and value cut and {@link #TRUNCATED} added. */
    static ProducerRecord<byte[], byte[]> fitting(ProducerRecord<byte[], byte[]> letter) {
        return size(letter) <= MAX_BYTES ? letter : truncated(letter);
    }

    /** The dead letter with key and value cut to {@link #TRUNCATED_BYTES}, saying so. */
    public static ProducerRecord<byte[], byte[]> truncated(ProducerRecord<byte[], byte[]> letter) {
        RecordHeaders headers = new RecordHeaders();
        long foreign = 0; // the input's own headers are kept while they are small: they too may be what made it large
        for (Header h : letter.headers()) {
            if (h.key().equals(DETAIL)) {
                headers.add(DETAIL, cut(h.value(), 4096));
            } else if (h.key().startsWith("dlq.") || h.key().equals(ORIGIN)) {
                if (!h.key().equals(TRUNCATED)) {
                    headers.add(h);
                }
            } else if ((foreign += h.key().length() + length(h.value())) <= TRUNCATED_BYTES) {
                headers.add(h);
            }
        }
        headers.add(
                TRUNCATED,
                utf8("key " + length(letter.key()) + " bytes, value " + length(letter.value()) + " bytes; the first "
                        + TRUNCATED_BYTES + " bytes of each are kept"));
        return new ProducerRecord<>(
                letter.topic(),
                letter.partition(),
                letter.timestamp(),
                cut(letter.key(), TRUNCATED_BYTES),
                cut(letter.value(), TRUNCATED_BYTES),
                headers);
    }

    public static boolean isTruncated(Headers headers) {
        return headers.lastHeader(TRUNCATED) != null;
    }

    static long size(ProducerRecord<byte[], byte[]> record) {
        long size = length(record.key()) + length(record.value());
        for (Header h : record.headers()) {
            size += h.key().length() + length(h.value());
        }
        return size;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static byte[] cut(byte[] bytes, int max) {
        return bytes == null || bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
    }

    /** Stamps a record in the pipeline with the input record it came from, replacing any earlier stamp. */
    public static void stampOrigin(Headers headers, String topic, int partition, long offset) {
        headers.remove(ORIGIN);
        headers.add(ORIGIN, utf8(new Origin(topic, partition, offset).header()));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A header's value as text, or null when absent. */
    public static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
