package io.roadmirror.serde;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format: magic byte {@code 0x00}, the schema id as a 4-byte big-endian int,
 * then the Avro binary body.
 */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0x0;
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {}

    /** The schema id in the header; throws {@link AvroSerdeException} of kind NOT_WIRE_FORMAT when there is none. */
    public static int schemaId(byte[] data) {
        if (data.length < HEADER_LENGTH) {
            throw new AvroSerdeException(
                    AvroSerdeException.Kind.NOT_WIRE_FORMAT,
                    "not the Confluent wire format: " + data.length + " bytes, fewer than the 5-byte header");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new AvroSerdeException(
                    AvroSerdeException.Kind.NOT_WIRE_FORMAT,
                    String.format(
                            "not the Confluent wire format: first byte is 0x%02x, expected magic byte 0x00", data[0]));
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }

    static void writeHeader(byte[] target, int schemaId) {
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }
}
