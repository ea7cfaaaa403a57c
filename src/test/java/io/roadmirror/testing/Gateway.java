package io.roadmirror.testing;

import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.SensorReading;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.topics.Topics;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** An IoT gateway in a test: writes sensor readings and incident reports as production clients do (Avro, wire format, acks=all). */
public final class Gateway implements AutoCloseable {
    private final KafkaProducer<String, SensorReading> readings;
    private final KafkaProducer<String, IncidentReport> incidents;
    private final HttpSchemaRegistryClient registry;

    public Gateway(RoadmirrorConfig config) {
        Properties props = config.kafka().clientProperties();
        props.put("enable.idempotence", "true");
        props.put("acks", "all");
        registry = new HttpSchemaRegistryClient(config.registry());
        Topics topics = new Topics(registry, false);
        readings = new KafkaProducer<>(
                props,
                topics.sensorReadings.keySerde().serializer(),
                topics.sensorReadings.valueSerde().serializer());
        incidents = new KafkaProducer<>(
                props,
                topics.incidentReports.keySerde().serializer(),
                topics.incidentReports.valueSerde().serializer());
    }

    public Gateway send(SensorReading reading) {
        readings.send(new ProducerRecord<>("sensor.readings", reading.getSensorId(), reading));
        return this;
    }

    public Gateway send(IncidentReport report) {
        incidents.send(new ProducerRecord<>("incident.reports", report.getIncidentId(), report));
        return this;
    }

    public void flush() {
        readings.flush();
        incidents.flush();
    }

    @Override
    public void close() {
        readings.close();
        incidents.close();
        registry.close();
    }
}
