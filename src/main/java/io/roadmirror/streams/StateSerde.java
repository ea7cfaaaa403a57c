package io.roadmirror.streams;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of the pipeline's own state: store values and repartition records, which only
 * roadmirror reads (the contract topics are Avro through the registry). Writes the binary form of
 * {@link RecordCodec}: a format byte, the type's shape fingerprint, the value. Reads that, and also
 * the JSON that versions before it wrote ({@link JsonSerde}), so state and repartition topics of a
 * running deployment stay readable across the upgrade; a value of another shape is refused with
 * what to do rather than misread.
 */
public final class StateSerde<T> implements Serde<T> {
    static final byte FORMAT_BINARY_V1 = 1;
    private static final byte JSON_OBJECT = '{';
    private static final ThreadLocal<RecordCodec.Output> BUFFERS = ThreadLocal.withInitial(RecordCodec.Output::new);

    private final Class<T> type;
    private final RecordCodec<T> codec;
    private final Deserializer<T> json;

    private StateSerde(Class<T> type) {
        this.type = type;
        this.codec = RecordCodec.of(type);
        this.json = JsonSerde.of(type).deserializer();
    }

    public static <T> StateSerde<T> of(Class<T> type) {
        return new StateSerde<>(type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            RecordCodec.Output out = BUFFERS.get();
            out.reset();
            out.writeByte(FORMAT_BINARY_V1);
            out.writeInt(codec.fingerprint());
            codec.write(value, out);
            return out.toByteArray();
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == JSON_OBJECT) {
                return json.deserialize(topic, bytes);
            }
            if (bytes.length < 5 || bytes[0] != FORMAT_BINARY_V1) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from " + where(topic)
                        + ": unknown state format " + (bytes.length == 0 ? "(empty)" : "byte " + bytes[0]));
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            in.get();
            int fingerprint = in.getInt();
            if (fingerprint != codec.fingerprint()) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from " + where(topic)
                        + ": it was written by a roadmirror version whose " + type.getSimpleName() + " has another shape (fingerprint "
                        + Integer.toHexString(fingerprint) + ", this version " + Integer.toHexString(codec.fingerprint())
                        + "); run the version that wrote it, or reset the application's state (kafka-streams-application-reset)");
            }
            try {
                T value = codec.read(in);
                if (in.hasRemaining()) {
                    throw new SerializationException(in.remaining() + " bytes left over after " + type.getSimpleName());
                }
                return value;
            } catch (SerializationException e) {
                throw e;
            } catch (RuntimeException e) { // underflow, a length or ordinal out of range: not bytes this codec wrote
                throw new SerializationException("cannot read " + type.getSimpleName() + " from " + where(topic) + ": truncated or corrupt", e);
            }
        };
    }

    private static String where(String topic) {
        return topic == null ? "a state store" : topic;
    }
}
