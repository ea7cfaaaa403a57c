package io.roadmirror.testing;

import io.roadmirror.registry.Compatibility;
import io.roadmirror.registry.RegisteredSchema;
import io.roadmirror.registry.RegistryException;
import io.roadmirror.registry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A schema registry in memory for unit and topology tests: ids per distinct schema across
 * subjects (as Confluent's), BACKWARD checks with Avro's own compatibility rules. Integration
 * tests use the real registry instead.
 */
public class InMemorySchemaRegistry implements SchemaRegistryClient {
    private final Map<String, List<RegisteredSchema>> subjects = new LinkedHashMap<>();
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Compatibility> subjectLevels = new HashMap<>();
    private final AtomicInteger nextId;
    private Compatibility global = Compatibility.BACKWARD;
    public final AtomicInteger schemaByIdCalls = new AtomicInteger();

    public InMemorySchemaRegistry() {
        this(1);
    }

    public InMemorySchemaRegistry(int firstId) {
        nextId = new AtomicInteger(firstId);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<RegisteredSchema> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        for (RegisteredSchema v : versions) {
            if (v.schema().equals(schema)) {
                return v.id();
            }
        }
        if (!versions.isEmpty() && !isCompatible(subject, schema)) {
            throw new RegistryException(
                    409, 409, "Schema being registered is incompatible with an earlier schema for subject " + subject);
        }
        int id = idsBySchema.computeIfAbsent(schema, s -> nextId.getAndIncrement());
        schemasById.put(id, schema);
        versions.add(new RegisteredSchema(subject, id, versions.size() + 1, schema));
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        schemaByIdCalls.incrementAndGet();
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new RegistryException(404, RegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        return subjects.getOrDefault(subject, List.of()).stream()
                .filter(v -> v.schema().equals(schema))
                .findFirst();
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<RegisteredSchema> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new RegistryException(404, RegistryException.SUBJECT_NOT_FOUND, "Subject " + subject + " not found");
        }
        return versions.get(versions.size() - 1);
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        List<RegisteredSchema> versions = subjects.getOrDefault(subject, List.of());
        if (versions.isEmpty()) {
            return true;
        }
        Schema latest = versions.get(versions.size() - 1).schema();
        Compatibility level = subjectLevels.getOrDefault(subject, global);
        return switch (level) {
            case NONE -> true;
            case BACKWARD, BACKWARD_TRANSITIVE -> canRead(schema, latest);
            case FORWARD, FORWARD_TRANSITIVE -> canRead(latest, schema);
            case FULL, FULL_TRANSITIVE -> canRead(schema, latest) && canRead(latest, schema);
        };
    }

    private static boolean canRead(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                        .getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    @Override
    public synchronized Optional<Compatibility> subjectCompatibility(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    @Override
    public synchronized Compatibility globalCompatibility() {
        return global;
    }

    @Override
    public synchronized void setSubjectCompatibility(String subject, Compatibility level) {
        subjectLevels.put(subject, level);
    }

    @Override
    public synchronized void setGlobalCompatibility(Compatibility level) {
        global = level;
    }
}
