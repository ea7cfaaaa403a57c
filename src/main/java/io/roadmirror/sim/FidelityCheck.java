package io.roadmirror.sim;

import io.roadmirror.forecasts.ForecastAccuracy;
import io.roadmirror.model.SegmentForecast;
import io.roadmirror.model.SegmentState;
import io.roadmirror.topics.Topic;
import io.roadmirror.topics.TopicReader;
import io.roadmirror.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads what the pipeline published and judges it against a ground-truth file ({@link Fidelity}). */
public final class FidelityCheck {
    private FidelityCheck() {}

    public static Fidelity.Report run(Path groundTruth, Properties clientProperties, Topics topics) {
        Fidelity.Truth truth = Fidelity.readTruth(groundTruth);
        List<SegmentState> mirror = values(clientProperties, topics.mirrorSegments);
        // Forecasts are judged as they are read: a run of several simulated days has millions.
        ForecastAccuracy forecasts = new ForecastAccuracy(truth.speedsBySegment(), mirror);
        Topic<String, SegmentForecast> topic = topics.mirrorForecasts;
        TopicReader.forEach(
                clientProperties,
                topic.name(),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer(),
                Duration.ofMinutes(10),
                r -> {
                    if (r.value() != null) {
                        forecasts.accept(r.value());
                    }
                });
        return Fidelity.judge(
                truth,
                mirror,
                values(clientProperties, topics.incidentReports),
                values(clientProperties, topics.routingAdvisories),
                values(clientProperties, topics.incidentHotspots).size(),
                forecasts.result());
    }

    private static <V> List<V> values(Properties props, Topic<String, V> topic) {
        return TopicReader.readAll(
                        props,
                        topic.name(),
                        topic.keySerde().deserializer(),
                        topic.valueSerde().deserializer(),
                        Duration.ofMinutes(5))
                .stream()
                .map(ConsumerRecord::value)
                .filter(v -> v != null)
                .toList();
    }

    public static void writeJson(Fidelity.Report report, Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, report.json());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fidelity report to " + file, e);
        }
    }
}
