package io.roadmirror.bench;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the phases need of an input: records as the gateways send them (Avro bytes), generated as
 * fast as they are asked for, in event-time order. The sensor-mix city ({@link Workload}) and the
 * connected vehicles ({@link ConnectedWorkload}) implement it.
 */
interface BenchWorkload {
    /** The next record the gateways send, serialized. */
    ProducerRecord<String, byte[]> next();

    /** The next record for one topic only (the others are generated and skipped). */
    ProducerRecord<String, byte[]> next(String topic);

    /** The topic the raw broker baseline copies: the workload's bulk input. */
    String baselineTopic();

    /** Simulated time: the event time of the newest record generated. */
    long now();

    /**
     * Moves simulated time on by the wall-clock time since the last record was handed out, as a real city's clock
     * would have ({@link PauseClock}); what the gateways would have sent meanwhile is dropped. Called before paced
     * input resumes after a wait.
     */
    void skipPause();

    /** Records handed out per topic so far. */
    Map<String, Long> producedByTopic();

    /** The crash that the record {@link #next()} returned last completes (its detection is due now), or null. */
    default CrashMark completedCrash() {
        return null;
    }

    /**
     * A crash the generator has just completed: the report that makes the second vehicle stopped.
     *
     * @param eventTime the completing report's event time (the detector names its incident after it)
     */
    record CrashMark(String crashId, String segmentId, long eventTime) {
        /** The id the stopped-vehicle rule gives the incident it detects here (DETECTED reports are matched by segment too). */
        String expectedIncidentId() {
            return "det-" + segmentId + "-" + eventTime;
        }
    }
}
