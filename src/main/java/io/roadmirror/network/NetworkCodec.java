package io.roadmirror.network;

import io.roadmirror.model.LatLon;
import io.roadmirror.model.RoadSegment;

/** Converts between the domain {@link Segment} and the Avro {@link RoadSegment} of the road.network topic. */
public final class NetworkCodec {
    private NetworkCodec() {}

    public static RoadSegment toAvro(Segment s) {
        return RoadSegment.newBuilder()
                .setSegmentId(s.id())
                .setName(s.name())
                .setFromNode(s.fromNode())
                .setToNode(s.toNode())
                .setLengthMeters(s.lengthMeters())
                .setLanes(s.lanes())
                .setSpeedLimitKph(s.speedLimitKph())
                .setGeometry(s.geometry().stream()
                        .map(p -> new LatLon(p.lat(), p.lon()))
                        .toList())
                .build();
    }

    /** @throws IllegalArgumentException when the record breaks a rule of the network (see {@link Segment}) */
    public static Segment fromAvro(RoadSegment r) {
        return new Segment(
                r.getSegmentId(),
                r.getName(),
                r.getFromNode(),
                r.getToNode(),
                r.getLengthMeters(),
                r.getLanes(),
                r.getSpeedLimitKph(),
                r.getGeometry().stream()
                        .map(p -> new GeoPoint(p.getLat(), p.getLon()))
                        .toList());
    }
}
