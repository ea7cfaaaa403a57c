package io.roadmirror.serde;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte array to encode one record into, reused by one thread. {@link java.io.ByteArrayOutputStream}
 * synchronizes every write, and Avro's direct encoder writes each field (often each byte) on its own: a lock taken
 * and released some thirty times per record encoded, on every repartitioned input, store write and output.
 */
public final class ByteSink extends OutputStream {
    private byte[] bytes;
    private int size;

    public ByteSink(int initialCapacity) {
        this.bytes = new byte[Math.max(16, initialCapacity)];
    }

    @Override
    public void write(int b) {
        if (size == bytes.length) {
            grow(1);
        }
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (len > bytes.length - size) {
            grow(len);
        }
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    /** Forgets what was written; the array is kept for the next record. */
    public void reset() {
        size = 0;
    }

    public int size() {
        return size;
    }

    /** A copy of what was written since the last reset. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void grow(int needed) {
        int capacity = Math.max(bytes.length * 2, size + needed);
        if (capacity < 0) {
            throw new OutOfMemoryError("a record of more than 2 GiB");
        }
        bytes = Arrays.copyOf(bytes, capacity);
    }
}
