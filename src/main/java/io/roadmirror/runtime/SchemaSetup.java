package io.roadmirror.runtime;

import io.roadmirror.registry.RegistryException;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.serde.AvroSchemas;
import io.roadmirror.topics.TopicCatalog;
import io.roadmirror.topics.TopicDefinition;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * Registers the value schema of every topic under {@code <topic>-value} (TopicNameStrategy), as an
 * operator does before pointing producers with auto-registration off at a registry.
 */
public final class SchemaSetup {
    private SchemaSetup() {
    }

    /** The schemas of the contract by subject, exactly as compiled from {@code schemas/}. */
    public static Map<String, Schema> contractSchemas() {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        for (TopicDefinition topic : TopicCatalog.avroTopics()) {
            schemas.put(topic.valueSubject(), AvroSchemas.portable(SpecificData.get().getSchema(topic.valueType())));
        }
        return schemas;
    }

    /**
     * @return subject to schema id
     * @throws RegistryException with code 409 when a schema is incompatible with what the subject holds
     */
    public static Map<String, Integer> registerAll(SchemaRegistryClient registry) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        contractSchemas().forEach((subject, schema) -> ids.put(subject, registry.register(subject, schema)));
        return ids;
    }
}
