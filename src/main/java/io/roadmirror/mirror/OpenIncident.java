package io.roadmirror.mirror;

import io.roadmirror.model.IncidentType;

/** An incident open on a segment, with what advisories need to judge it. */
public record OpenIncident(String incidentId, IncidentType type, int severity, long openedAt) {}
