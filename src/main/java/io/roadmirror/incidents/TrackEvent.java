package io.roadmirror.incidents;

import io.roadmirror.state.ProbeInput;

/**
 * What a probe position tells, keyed by segment: the vehicle's speed for the mirror (always, unless
 * the report is a duplicate or out of order) or that it became stopped or moved again, for the crash
 * rule. Exactly one is set.
 */
public record TrackEvent(ProbeInput probe, VehicleStop stop) {}
