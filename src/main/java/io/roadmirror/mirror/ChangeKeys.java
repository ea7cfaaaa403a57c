package io.roadmirror.mirror;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the mirror's pending changes: the segment id (length first, so no id is a prefix of
 * another's keys) then the event time big-endian, so one segment's changes are one range in time
 * order.
 */
final class ChangeKeys {
    private ChangeKeys() {}

    static Bytes of(String segmentId, long time) {
        byte[] id = segmentId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + id.length + 8);
        b.putInt(id.length).put(id).putLong(time ^ Long.MIN_VALUE); // sign bit flipped: byte order = numeric order
        return Bytes.wrap(b.array());
    }

    static long timeOf(Bytes key) {
        byte[] k = key.get();
        return ByteBuffer.wrap(k, k.length - 8, 8).getLong() ^ Long.MIN_VALUE;
    }
}
