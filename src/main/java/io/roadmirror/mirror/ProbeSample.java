package io.roadmirror.mirror;

/** The latest position report of one probe vehicle on the segment. */
public record ProbeSample(String vehicleId, long eventTime, double speedKph) {
}
