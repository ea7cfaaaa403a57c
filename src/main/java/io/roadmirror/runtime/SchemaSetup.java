package io.roadmirror.runtime;

import io.roadmirror.registry.RegistryException;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.serde.AvroSchemas;
import io.roadmirror.topics.TopicCatalog;
import io.roadmirror.topics.TopicDefinition;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * Registers the value schema of every topic under {@code <topic>-value} (TopicNameStrategy), as an
 * operator does before pointing producers with auto-registration off at a registry.
 */
public final class SchemaSetup {
    private SchemaSetup() {}

    /** The schemas of the contract by subject, exactly as compiled from {@code schemas/}. */
    public static Map<String, Schema> contractSchemas() {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        for (TopicDefinition topic : TopicCatalog.avroTopics()) {
            schemas.put(
                    topic.valueSubject(),
                    AvroSchemas.portable(SpecificData.get().getSchema(topic.valueType())));
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

    /**
     * Registers every schema and checks the ids against those recorded at an earlier start in
     * {@code ledger} (then records them): the records already in the topics name their schema by
     * id, so a registry that now gives other ids would make them undecodable or, worse, decode them
     * with the wrong schema. A mismatch is a start-up error.
     */
    public static Map<String, Integer> registerAll(SchemaRegistryClient registry, Path ledger) {
        Map<String, Integer> ids = registerAll(registry);
        Properties recorded = new Properties();
        try {
            if (Files.exists(ledger)) {
                try (Reader in = Files.newBufferedReader(ledger)) {
                    recorded.load(in);
                }
            }
            List<String> changed = new ArrayList<>();
            ids.forEach((subject, id) -> {
                String before = recorded.getProperty(subject);
                if (before != null && !before.equals(id.toString())) {
                    changed.add(subject + " was id " + before + ", is now " + id);
                }
                recorded.setProperty(subject, id.toString());
            });
            if (!changed.isEmpty()) {
                throw new StartupException(
                        "the schema registry gives other ids than when the data in " + ledger.getParent()
                                + " was written (" + String.join("; ", changed)
                                + "): records already in the topics would not decode; "
                                + "use the registry those records were written with, or delete the data directory to start over");
            }
            try (Writer out = Files.newBufferedWriter(ledger)) {
                recorded.store(out, "schema ids by subject, as registered when this data directory was first used");
            }
        } catch (IOException e) {
            throw new StartupException("cannot read or write " + ledger + ": " + e.getMessage(), e);
        }
        return ids;
    }
}
