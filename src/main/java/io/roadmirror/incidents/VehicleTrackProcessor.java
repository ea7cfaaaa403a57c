package io.roadmirror.incidents;

import io.roadmirror.model.VehiclePosition;
import io.roadmirror.state.ProbeInput;
import io.roadmirror.streams.EventClock;
import io.roadmirror.streams.ExpiryIndex;
import io.roadmirror.streams.Punctuations;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each probe vehicle's track ({@link VehicleTrack}): passes every new position on to the
 * mirror with the vehicle's previous position on the same segment (which the new one replaces
 * there), and applies the stopped-vehicle rule, emitting when the vehicle becomes stopped or moves
 * again, keyed by the segment of the stop. One small value per vehicle: a position costs the same
 * however many vehicles share the segment. A vehicle silent for the silence timeout is forgotten;
 * if it was stopped, that counts as moving.
 */
final class VehicleTrackProcessor implements Processor<String, VehiclePosition, String, TrackEvent> {
    private final DetectorThresholds rules;
    private final EventClock clock = new EventClock();
    private ProcessorContext<String, TrackEvent> context;
    private KeyValueStore<String, VehicleTrack> tracks;
    private ExpiryIndex expiry;
    /** The newest position time this task has read: its own clock, whatever its other partitions have reached. */
    private long positionsTime = -1;

    VehicleTrackProcessor(DetectorThresholds rules) {
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, TrackEvent> context) {
        this.context = context;
        this.tracks = context.getStateStore(IncidentTopology.VEHICLE_STORE);
        this.expiry = new ExpiryIndex(context.getStateStore(IncidentTopology.VEHICLE_EXPIRY_STORE));
        Punctuations.everyEventInterval(
                context, Duration.ofMinutes(1), clock, () -> positionsTime, this::forgetSilentVehicles);
    }

    @Override
    public void process(Record<String, VehiclePosition> record) {
        positionsTime = Math.max(positionsTime, record.timestamp());
        clock.onRecord(positionsTime, context.currentSystemTimeMs());
        VehicleTrack before = tracks.get(record.key());
        VehicleTrack.Step step;
        if (before == null) {
            VehicleTrack first = VehicleTrack.first(record.value(), rules);
            step = new VehicleTrack.Step(
                    first, first.stopped() ? VehicleTrack.Transition.STOPPED : VehicleTrack.Transition.NONE, null);
        } else {
            step = before.next(record.value(), rules);
            if (step == null) {
                return; // duplicate or out of order
            }
        }
        VehicleTrack track = step.track();
        tracks.put(record.key(), track);
        VehicleTrack previous = step.before();
        boolean sameSegment = previous != null && previous.segmentId().equals(track.segmentId());
        context.forward(record.withKey(track.segmentId())
                .withValue(new TrackEvent(
                        new ProbeInput(
                                track.vehicleId(),
                                track.lastEventTime(),
                                track.lastSpeedKph(),
                                sameSegment ? previous.lastEventTime() : null,
                                sameSegment ? previous.lastSpeedKph() : null),
                        null)));
        if (before == null) {
            // A track's forget time only moves later; its one entry, once due, is moved on by forgetSilentVehicles.
            expiry.reschedule(record.key(), null, forgetAt(track));
        }
        switch (step.transition()) {
            case STOPPED ->
                stop(
                        record,
                        new VehicleStop(
                                track.vehicleId(),
                                track.segmentId(),
                                track.offsetMeters(),
                                true,
                                track.lastEventTime()));
            case MOVED ->
                stop(
                        record,
                        new VehicleStop(
                                track.vehicleId(),
                                previous.segmentId(),
                                previous.offsetMeters(),
                                false,
                                track.lastEventTime()));
            default -> {}
        }
    }

    private void stop(Record<String, VehiclePosition> record, VehicleStop stop) {
        context.forward(record.withKey(stop.segmentId()).withValue(new TrackEvent(null, stop)));
    }

    private long forgetAt(VehicleTrack track) {
        return track.lastEventTime() + rules.silenceTimeout().toMillis();
    }

    private void forgetSilentVehicles(long now) {
        for (String vehicle : expiry.takeDue(now)) {
            VehicleTrack track = tracks.get(vehicle);
            if (track == null) {
                continue;
            }
            if (forgetAt(track) > now) {
                expiry.reschedule(vehicle, null, forgetAt(track));
                continue;
            }
            tracks.delete(vehicle);
            if (track.stopped()) {
                context.forward(new Record<>(
                        track.segmentId(),
                        new TrackEvent(
                                null, new VehicleStop(vehicle, track.segmentId(), track.offsetMeters(), false, now)),
                        now));
            }
        }
    }
}
