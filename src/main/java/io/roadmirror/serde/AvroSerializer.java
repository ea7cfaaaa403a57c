package io.roadmirror.serde;

import io.roadmirror.registry.BoundedCache;
import io.roadmirror.registry.RegistryException;
import io.roadmirror.registry.RegistryUnavailableException;
import io.roadmirror.registry.SchemaRegistryClient;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (specific or generic) in the Confluent wire format, subject
 * {@code <topic>-value} or {@code <topic>-key} (TopicNameStrategy). The schema id is resolved once
 * per subject and schema: registered when auto-registration is on, looked up otherwise.
 * Thread-safe: one instance may serve all stream threads.
 */
public final class AvroSerializer<T extends GenericContainer> implements Serializer<T> {
    private record SubjectSchema(String subject, Schema schema) {}

    private final SchemaRegistryClient registry;
    private final boolean autoRegister;
    private final boolean isKey;
    private final BoundedCache<SubjectSchema, Integer> ids = new BoundedCache<>(1000);
    private final BoundedCache<Schema, DatumWriter<Object>> specificWriters = new BoundedCache<>(1000);
    private final BoundedCache<Schema, DatumWriter<Object>> genericWriters = new BoundedCache<>(1000);
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    private static final class Buffers {
        final ByteSink out = new ByteSink(256);
        BinaryEncoder encoder;
    }

    public AvroSerializer(SchemaRegistryClient registry, boolean autoRegister, boolean isKey) {
        this.registry = registry;
        this.autoRegister = autoRegister;
        this.isKey = isKey;
    }

    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        Schema schema = record.getSchema();
        int id = schemaId(subject(topic, isKey), schema);
        Buffers b = buffers.get();
        b.out.reset();
        try {
            b.out.write(new byte[WireFormat.HEADER_LENGTH]);
            b.encoder = EncoderFactory.get().directBinaryEncoder(b.out, b.encoder);
            DatumWriter<Object> writer = record instanceof SpecificRecord
                    ? specificWriters.computeIfAbsent(
                            schema, s -> new SpecificDatumWriter<>(s, SpecificData.getForSchema(s)))
                    : genericWriters.computeIfAbsent(schema, GenericDatumWriter::new);
            writer.write(record, b.encoder);
            b.encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new AvroSerdeException(
                    AvroSerdeException.Kind.UNWRITABLE,
                    "cannot write " + schema.getFullName() + " to " + topic + ": " + e.getMessage(),
                    e);
        }
        byte[] bytes = b.out.toByteArray();
        WireFormat.writeHeader(bytes, id);
        return bytes;
    }

    private int schemaId(String subject, Schema schema) {
        return ids.computeIfAbsent(new SubjectSchema(subject, schema), key -> {
            Schema registered = AvroSchemas.portable(schema);
            try {
                if (autoRegister) {
                    return registry.register(subject, registered);
                }
                return registry.lookup(subject, registered)
                        .orElseThrow(
                                () -> new AvroSerdeException(
                                        AvroSerdeException.Kind.NOT_REGISTERED,
                                        "schema " + schema.getFullName() + " is not registered under subject " + subject
                                                + " and auto-registration is off: "
                                                + "run `roadmirror register-schemas` or set schema.registry.auto.register=true"))
                        .id();
            } catch (RegistryUnavailableException e) {
                throw e;
            } catch (RegistryException e) {
                // A refusal (401, 403, a plain 404) stays the cause, where RegistryHealth finds it: the pipeline waits
                // it out instead of spending its thread budget.
                throw new AvroSerdeException(AvroSerdeException.Kind.NOT_REGISTERED, e.getMessage(), e);
            }
        });
    }
}
