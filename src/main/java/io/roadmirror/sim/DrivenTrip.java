package io.roadmirror.sim;

import java.util.List;

/**
 * A trip a simulated vehicle drove through the simulator's traffic, start to end of its route.
 *
 * @param departAt  epoch milliseconds at which it entered the route's first segment
 * @param arrivedAt epoch milliseconds at which it left the last one
 */
public record DrivenTrip(String tripId, List<String> segmentIds, long departAt, long arrivedAt) {
    public DrivenTrip {
        segmentIds = List.copyOf(segmentIds);
    }

    /** The time it actually took. */
    public double seconds() {
        return (arrivedAt - departAt) / 1000.0;
    }
}
