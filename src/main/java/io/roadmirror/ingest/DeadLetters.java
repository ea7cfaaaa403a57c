package io.roadmirror.ingest;

import io.roadmirror.topics.TopicCatalog;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the records of deadletter.events: the original key and value bytes and headers, plus
 * {@code dlq.reason}, {@code dlq.detail}, {@code dlq.topic}, {@code dlq.partition}, {@code dlq.offset}.
 */
public final class DeadLetters {
    public static final String TOPIC = TopicCatalog.DEAD_LETTERS.name();
    public static final String REASON = "dlq.reason";
    public static final String DETAIL = "dlq.detail";
    public static final String SOURCE_TOPIC = "dlq.topic";
    public static final String SOURCE_PARTITION = "dlq.partition";
    public static final String SOURCE_OFFSET = "dlq.offset";

    private DeadLetters() {
    }

    public static ProducerRecord<byte[], byte[]> record(DeadLetterReason reason, String detail, String topic, int partition,
                                                        long offset, Long timestamp, byte[] key, byte[] value,
                                                        Headers original) {
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
        headers.add(SOURCE_TOPIC, utf8(topic));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
        Long ts = timestamp == null || timestamp < 0 ? null : timestamp;
        return new ProducerRecord<>(TOPIC, null, ts, key, value, headers);
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
