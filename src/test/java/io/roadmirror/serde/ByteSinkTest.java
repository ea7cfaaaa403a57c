package io.roadmirror.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ByteSinkTest {
    @Test
    void growsPastItsCapacityAndKeepsEveryByteInOrder() {
        ByteSink sink = new ByteSink(16);
        byte[] expected = new byte[1000];
        for (int i = 0; i < 500; i++) {
            sink.write(i);
            expected[i] = (byte) i;
        }
        byte[] block = new byte[500];
        for (int i = 0; i < 500; i++) {
            block[i] = (byte) (i * 7);
            expected[500 + i] = block[i];
        }
        sink.write(block, 0, 500);
        assertEquals(1000, sink.size());
        assertArrayEquals(expected, sink.toByteArray());
    }

    @Test
    void aResetStartsTheNextRecordFromNothing() {
        ByteSink sink = new ByteSink(16);
        sink.write(new byte[] {1, 2, 3}, 0, 3);
        sink.reset();
        sink.write(new byte[] {9, 8, 7, 6}, 1, 2);
        assertArrayEquals(new byte[] {8, 7}, sink.toByteArray());
    }
}
