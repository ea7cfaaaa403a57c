package io.roadmirror.bench;

import io.roadmirror.model.VehiclePosition;
import io.roadmirror.topics.Topics;
import java.time.Instant;

/** {@link DensityVehicles} as the gateways send them. */
final class DensityWorkload extends PositionWorkload {
    private final DensityVehicles vehicles;

    DensityWorkload(DensityVehicles vehicles, Instant start, Topics topics) {
        super(start, topics);
        this.vehicles = vehicles;
    }

    @Override
    VehiclePosition nextPosition() {
        return vehicles.next();
    }

    @Override
    void skipTo(long eventTime) {
        vehicles.skipTo(eventTime);
    }
}
