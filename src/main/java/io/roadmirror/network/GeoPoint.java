package io.roadmirror.network;

/** A WGS84 position in degrees. */
public record GeoPoint(double lat, double lon) {
    private static final double EARTH_RADIUS_METERS = 6_371_008.8;
    static final double METERS_PER_DEGREE_LAT = 111_320.0;

    public GeoPoint {
        if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("not a WGS84 position: lat " + lat + ", lon " + lon);
        }
    }

    /** Great-circle distance in metres (haversine). */
    public double distanceTo(GeoPoint other) {
        double dLat = Math.toRadians(other.lat - lat);
        double dLon = Math.toRadians(other.lon - lon);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat))
                        * Math.cos(Math.toRadians(other.lat))
                        * Math.sin(dLon / 2)
                        * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** The point that lies the given metres east and north of this one (local flat-earth offset). */
    public GeoPoint offsetMeters(double east, double north) {
        double newLat = lat + north / METERS_PER_DEGREE_LAT;
        double newLon = lon + east / (METERS_PER_DEGREE_LAT * Math.cos(Math.toRadians(lat)));
        return new GeoPoint(newLat, newLon);
    }
}
