package io.roadmirror.streams;

import io.roadmirror.serde.ByteSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of the pipeline's versioned internal state (store values, changelogs, repartition
 * records): Avro's single-object encoding ({@code C3 01}, the writer schema's 64-bit fingerprint,
 * Avro binary) of a record compiled from {@code schemas/internal/}. A value written by an earlier
 * release is read through Avro schema resolution from the writer schema that release shipped,
 * found by its fingerprint among the schemas kept in {@code state-schemas/history/} on the class
 * path; so adding a field with a default reads the old state in place, with no application reset.
 * A value whose writer schema is unknown (state left by a later release) is refused with a message,
 * never misread.
 */
public final class VersionedSerde<T extends SpecificRecord> implements Serde<T> {
    static final byte MARKER_0 = (byte) 0xC3;
    static final byte MARKER_1 = (byte) 0x01;
    static final int HEADER = 10;
    /** Earlier versions of each internal schema, by full name: {@code state-schemas/history/<FullName>.vN.avsc}. */
    static final String HISTORY = "state-schemas/history/";

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);
    /**
     * Avro's model with the encoders and decoders the compiler generates for each record (Avro leaves them off by
     * default): they write and read the fields directly instead of walking the schema, and still resolve an older
     * writer schema. Every store write and every repartitioned input is encoded here.
     */
    private static final SpecificData MODEL = generatedCoders();

    private final Class<T> type;
    private final Schema schema;
    private final long fingerprint;
    private final SpecificDatumWriter<T> writer;
    private final Map<Long, Schema> writerSchemas;
    private final ThreadLocal<Map<Long, DatumReader<T>>> readers = ThreadLocal.withInitial(HashMap::new);
    /** The positions of the record's fields that hold an array (alone or in a union with null): see {@link #shell()}. */
    private final int[] arrayFields;

    private VersionedSerde(Class<T> type, List<Schema> history) {
        this.type = type;
        this.schema = SpecificData.get().getSchema(type);
        this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        this.writer = new SpecificDatumWriter<>(schema, MODEL);
        this.writerSchemas = new HashMap<>();
        writerSchemas.put(fingerprint, schema);
        for (Schema old : history) {
            writerSchemas.put(SchemaNormalization.parsingFingerprint64(old), old);
        }
        this.arrayFields = schema.getFields().stream()
                .filter(field -> holdsArray(field.schema()))
                .mapToInt(Schema.Field::pos)
                .toArray();
    }

    private static boolean holdsArray(Schema field) {
        return field.getType() == Schema.Type.ARRAY
                || field.getType() == Schema.Type.UNION
                        && field.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.ARRAY);
    }

    /** The serde of a compiled internal record, reading every version shipped in the history. */
    public static <T extends SpecificRecord> VersionedSerde<T> of(Class<T> type) {
        return new VersionedSerde<>(
                type, shippedHistory(SpecificData.get().getSchema(type).getFullName()));
    }

    /** The same, with explicitly given earlier writer schemas (tests of an upgrade). */
    public static <T extends SpecificRecord> VersionedSerde<T> withHistory(Class<T> type, List<Schema> history) {
        return new VersionedSerde<>(type, history);
    }

    /**
     * The serde of a plain-Java value kept as this internal record: the domain keeps its records and
     * rules, the store, its changelog or the internal topic hold the versioned Avro form.
     */
    public <D> Serde<D> mapped(Function<? super D, T> toAvro, Function<? super T, D> fromAvro) {
        Serializer<T> avro = serializer();
        Deserializer<T> fromBytes = deserializer();
        return Serdes.serdeFrom(
                (Serializer<D>) (topic, value) -> value == null ? null : avro.serialize(topic, toAvro.apply(value)),
                (Deserializer<D>) (topic, bytes) -> {
                    T value = fromBytes.deserialize(topic, bytes);
                    return value == null ? null : fromAvro.apply(value);
                });
    }

    public long fingerprint() {
        return fingerprint;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : encode(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(topic, bytes);
    }

    private byte[] encode(T value) {
        Buffers b = BUFFERS.get();
        b.out.reset();
        b.out.write(MARKER_0);
        b.out.write(MARKER_1);
        for (int i = 0; i < 8; i++) {
            b.out.write((int) (fingerprint >>> (8 * i))); // little-endian, as the single-object spec has it
        }
        try {
            b.encoder = EncoderFactory.get().directBinaryEncoder(b.out, b.encoder);
            writer.write(value, b.encoder);
            b.encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.out.toByteArray();
    }

    private T decode(String topic, byte[] bytes) {
        if (bytes.length < HEADER || bytes[0] != MARKER_0 || bytes[1] != MARKER_1) {
            throw new SerializationException("cannot read " + type.getSimpleName() + " from " + where(topic)
                    + ": not a versioned state value (written by a roadmirror release before versioned state?"
                    + " then reset the application with kafka-streams-application-reset)");
        }
        long written = 0;
        for (int i = 0; i < 8; i++) {
            written |= (bytes[2 + i] & 0xFFL) << (8 * i);
        }
        DatumReader<T> reader = readerFor(written, topic);
        Buffers b = BUFFERS.get();
        b.decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER, bytes.length - HEADER, b.decoder);
        try {
            T value = reader.read(shell(), b.decoder);
            if (!b.decoder.isEnd()) {
                throw new SerializationException(
                        "bytes left over after " + type.getSimpleName() + " in " + where(topic));
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException s) {
                throw s;
            }
            throw new SerializationException(
                    "cannot read " + type.getSimpleName() + " from " + where(topic) + ": truncated or corrupt", e);
        }
    }

    /**
     * The record to decode into: a new one whose arrays are {@link ArrayList}s, which Avro's readers clear and fill
     * instead of making their own array (generated decoders and the schema-walking one alike). Avro's own array lets no
     * iterator remove, so a rule that edits a list read back from a store ({@code removeIf} on pending changes) would
     * otherwise work on values fresh from the object cache and fail on one evicted and read back, or restored. Only the
     * record's own arrays: no rule edits a list inside a list's element in place.
     */
    private T shell() {
        if (arrayFields.length == 0) {
            return null;
        }
        @SuppressWarnings("unchecked")
        T shell = (T) MODEL.newRecord(null, schema);
        for (int pos : arrayFields) {
            shell.put(pos, new ArrayList<>());
        }
        return shell;
    }

    private DatumReader<T> readerFor(long written, String topic) {
        Map<Long, DatumReader<T>> mine = readers.get();
        DatumReader<T> reader = mine.get(written);
        if (reader == null) {
            Schema writerSchema = writerSchemas.get(written);
            if (writerSchema == null) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from " + where(topic)
                        + ": it was written with a schema this release does not know (fingerprint "
                        + Long.toHexString(written)
                        + "), by a later roadmirror release; run that release, or reset the application's state"
                        + " (kafka-streams-application-reset)");
            }
            reader = new SpecificDatumReader<>(writerSchema, schema, MODEL);
            mine.put(written, reader);
        }
        return reader;
    }

    /** The earlier versions of an internal schema that this release ships (none for a new one). */
    static List<Schema> shippedHistory(String fullName) {
        List<Schema> history = new ArrayList<>();
        ClassLoader loader = VersionedSerde.class.getClassLoader();
        for (int version = 1; ; version++) {
            try (InputStream in = loader.getResourceAsStream(HISTORY + fullName + ".v" + version + ".avsc")) {
                if (in == null) {
                    return history;
                }
                history.add(new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static SpecificData generatedCoders() {
        SpecificData model = new SpecificData(VersionedSerde.class.getClassLoader());
        model.setCustomCoders(true);
        // The one logical type the schemas use (the contract's RoutingAdvisory is kept in a store as it is).
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        return model;
    }

    private static String where(String topic) {
        return topic == null ? "a state store" : topic;
    }

    private static final class Buffers {
        final ByteSink out = new ByteSink(256);
        BinaryEncoder encoder;
        BinaryDecoder decoder;
    }
}
