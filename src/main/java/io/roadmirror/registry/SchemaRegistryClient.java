package io.roadmirror.registry;

import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The parts of the Confluent Schema Registry REST API that roadmirror uses. Implementations cache
 * what never changes (schema by id, id by subject and schema), so a serde on the hot path does not
 * call the registry for anything it has seen before.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers the schema under the subject (idempotent) and returns its id. */
    int register(String subject, Schema schema);

    /** The schema with this id; throws a {@link RegistryException} with code 40403 when unknown. */
    Schema schemaById(int id);

    /** The id and version of this exact schema under the subject, if registered there. */
    Optional<RegisteredSchema> lookup(String subject, Schema schema);

    /** The latest version registered under the subject. */
    RegisteredSchema latest(String subject);

    /** All subjects. */
    List<String> subjects();

    /** Whether the schema could be registered under the subject under its compatibility rule. */
    boolean isCompatible(String subject, Schema schema);

    /** The subject's own compatibility level, if one is set (the global level applies otherwise). */
    Optional<Compatibility> subjectCompatibility(String subject);

    Compatibility globalCompatibility();

    void setSubjectCompatibility(String subject, Compatibility level);

    void setGlobalCompatibility(Compatibility level);

    @Override
    default void close() {}
}
