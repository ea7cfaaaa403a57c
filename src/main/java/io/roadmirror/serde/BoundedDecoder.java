package io.roadmirror.serde;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoding over one record's bytes that never allocates more than the record holds.
 * Avro 1.12.1's {@code BinaryDecoder} trusts the length prefix of a string, bytes, array or map:
 * a 20-byte record declaring a 2 GB string makes it allocate 2 GB before it finds the bytes
 * missing. Here every length is checked against the bytes left first, and every array or map
 * block's item count too (an item takes at least one byte in any schema the contract uses), so a
 * lying prefix is an {@link IOException}: a DESERIALIZATION dead letter, never an
 * {@link OutOfMemoryError}.
 */
final class BoundedDecoder extends Decoder {
    private final byte[] data;
    private int pos;
    private final int end;

    BoundedDecoder(byte[] data, int offset, int length) {
        this.data = data;
        this.pos = offset;
        this.end = offset + length;
    }

    boolean isEnd() {
        return pos == end;
    }

    private int left() {
        return end - pos;
    }

    private byte next() throws IOException {
        if (pos >= end) {
            throw new EOFException("the record ends in the middle of a value");
        }
        return data[pos++];
    }

    @Override
    public void readNull() {}

    @Override
    public boolean readBoolean() throws IOException {
        int b = next();
        if (b != 0 && b != 1) {
            throw new IOException("a boolean is encoded as " + b + ", not 0 or 1");
        }
        return b == 1;
    }

    @Override
    public int readInt() throws IOException {
        long value = readLong();
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IOException("an int is out of range: " + value);
        }
        return (int) value;
    }

    @Override
    public long readLong() throws IOException {
        long raw = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = next() & 0xff;
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new IOException("a varint is longer than 10 bytes");
    }

    @Override
    public float readFloat() throws IOException {
        need(4);
        int bits = (data[pos] & 0xff)
                | (data[pos + 1] & 0xff) << 8
                | (data[pos + 2] & 0xff) << 16
                | (data[pos + 3] & 0xff) << 24;
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    @Override
    public double readDouble() throws IOException {
        need(8);
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = bits << 8 | (data[pos + i] & 0xff);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    /** A length prefix, checked against the bytes left before anything is allocated for it. */
    private int length(String what) throws IOException {
        long length = readLong();
        if (length < 0) {
            throw new IOException("a " + what + " declares a negative length " + length);
        }
        if (length > left()) {
            throw new IOException(
                    "a " + what + " declares " + length + " bytes but only " + left() + " are left in the record");
        }
        return (int) length;
    }

    private void need(int bytes) throws IOException {
        if (bytes > left()) {
            throw new EOFException(
                    "the record ends in the middle of a value (" + bytes + " bytes needed, " + left() + " left)");
        }
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = length("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        System.arraycopy(data, pos, result.getBytes(), 0, length);
        pos += length;
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = length("string");
        String s = new String(data, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    @Override
    public void skipString() throws IOException {
        pos += length("string");
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = length("bytes value");
        ByteBuffer result = old != null && old.capacity() >= length ? old.clear() : ByteBuffer.allocate(length);
        result.put(data, pos, length).flip();
        pos += length;
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        pos += length("bytes value");
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        need(length);
        System.arraycopy(data, pos, bytes, start, length);
        pos += length;
    }

    @Override
    public void skipFixed(int length) throws IOException {
        need(length);
        pos += length;
    }

    @Override
    public int readEnum() throws IOException {
        return readInt();
    }

    /**
     * The item count of the next block. A negative count is followed by the block's size in bytes
     * (Avro's skippable blocks); either way the count may not exceed the bytes left.
     */
    private long blockCount(String what) throws IOException {
        long count = readLong();
        if (count < 0) {
            if (count == Long.MIN_VALUE) {
                throw new IOException("a " + what + " block declares an impossible item count");
            }
            count = -count;
            length(what + " block");
        }
        if (count > left()) {
            throw new IOException("a " + what + " block declares " + count + " items but only " + left()
                    + " bytes are left in the record");
        }
        return count;
    }

    @Override
    public long readArrayStart() throws IOException {
        return blockCount("array");
    }

    @Override
    public long arrayNext() throws IOException {
        return blockCount("array");
    }

    @Override
    public long skipArray() throws IOException {
        return blockCount("array");
    }

    @Override
    public long readMapStart() throws IOException {
        return blockCount("map");
    }

    @Override
    public long mapNext() throws IOException {
        return blockCount("map");
    }

    @Override
    public long skipMap() throws IOException {
        return blockCount("map");
    }

    @Override
    public int readIndex() throws IOException {
        return readInt();
    }
}
