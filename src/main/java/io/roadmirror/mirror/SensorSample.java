package io.roadmirror.mirror;

/** The latest reading of one sensor, as the mirror keeps it. Nullable speed/occupancy as in the contract. */
public record SensorSample(String sensorId, long eventTime, Double speedKph, int vehicleCount, Double occupancyPct,
                           int intervalSeconds) {
}
