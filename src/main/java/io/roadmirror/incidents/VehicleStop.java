package io.roadmirror.incidents;

import io.roadmirror.state.VehicleStopInput;
import java.util.Comparator;

/**
 * A vehicle became stopped at a position ({@code stopped} true) or a stopped vehicle moved away
 * from it or went silent (false). Keyed by the segment of the stop, so all stops of a segment meet
 * in one place, where the crash rule takes them in {@link #EVENT_TIME_ORDER}.
 */
public record VehicleStop(String vehicleId, String segmentId, double offsetMeters, boolean stopped, long eventTime) {

    /** The order the crash rule applies a segment's stops in: by event time, ties broken so that any delivery order gives the same. */
    public static final Comparator<VehicleStop> EVENT_TIME_ORDER = Comparator.comparingLong(VehicleStop::eventTime)
            .thenComparing(VehicleStop::stopped)
            .thenComparing(VehicleStop::vehicleId)
            .thenComparingDouble(VehicleStop::offsetMeters);

    public static VehicleStop of(String segmentId, VehicleStopInput input) {
        return new VehicleStop(
                input.getVehicleId(), segmentId, input.getOffsetMeters(), input.getStopped(), input.getEventTime());
    }

    public VehicleStopInput toInput() {
        return new VehicleStopInput(vehicleId, eventTime, offsetMeters, stopped);
    }
}
