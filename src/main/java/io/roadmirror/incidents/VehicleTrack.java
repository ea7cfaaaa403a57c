package io.roadmirror.incidents;

import io.roadmirror.model.VehiclePosition;

/**
 * The stopped-vehicle rule for one vehicle: it is stopped after {@code stoppedReports}
 * consecutive reports of speed 0 at the same position (same segment, offsets within the
 * tolerance), and moves again with the first report that is not.
 *
 * @param segmentId    the segment of the last report
 * @param zeroReports  consecutive speed-0 reports at {@code offsetMeters}
 * @param lastSpeedKph the speed of the last report (the mirror counts a vehicle's latest speed on a segment)
 */
public record VehicleTrack(
        String vehicleId,
        String segmentId,
        double offsetMeters,
        int zeroReports,
        boolean stopped,
        long lastEventTime,
        double lastSpeedKph) {

    /** What a report did to the vehicle: nothing of note, it became stopped, or a stopped vehicle moved. */
    public enum Transition {
        NONE,
        STOPPED,
        MOVED
    }

    public record Step(VehicleTrack track, Transition transition, VehicleTrack before) {}

    public static VehicleTrack first(VehiclePosition p, DetectorThresholds rules) {
        int zeros = p.getSpeedKph() == 0.0 ? 1 : 0;
        return new VehicleTrack(
                p.getVehicleId(),
                p.getSegmentId(),
                p.getOffsetMeters(),
                zeros,
                zeros >= rules.stoppedReports(),
                p.getEventTime().toEpochMilli(),
                p.getSpeedKph());
    }

    /** The next step; a report not newer than the last one (duplicate, out of order) is ignored (null). */
    public Step next(VehiclePosition p, DetectorThresholds rules) {
        long time = p.getEventTime().toEpochMilli();
        if (time <= lastEventTime) {
            return null;
        }
        // A run of zeros is anchored where it started: a moving report before it is no anchor.
        boolean samePosition = zeroReports > 0
                && p.getSegmentId().equals(segmentId)
                && Math.abs(p.getOffsetMeters() - offsetMeters) <= rules.positionToleranceMeters();
        boolean still = p.getSpeedKph() == 0.0;
        int zeros = still ? (samePosition ? zeroReports + 1 : 1) : 0;
        // Keep the position where the run of zeros started, so creeping within the tolerance does not drift it.
        double offset = still && samePosition ? offsetMeters : p.getOffsetMeters();
        String segment = still && samePosition ? segmentId : p.getSegmentId();
        boolean nowStopped = zeros >= rules.stoppedReports();
        VehicleTrack next = new VehicleTrack(vehicleId, segment, offset, zeros, nowStopped, time, p.getSpeedKph());
        Transition transition = !stopped && nowStopped
                ? Transition.STOPPED
                : stopped && !nowStopped ? Transition.MOVED : Transition.NONE;
        return new Step(next, transition, this);
    }
}
