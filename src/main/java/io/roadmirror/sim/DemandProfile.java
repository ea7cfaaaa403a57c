package io.roadmirror.sim;

import java.time.Instant;
import java.time.ZoneOffset;

/** Share of a road's capacity that people want to use at a time of day: quiet nights, morning and evening peaks. */
public final class DemandProfile {
    private DemandProfile() {}

    public static double at(Instant time) {
        var t = time.atZone(ZoneOffset.UTC);
        double hour = t.getHour() + t.getMinute() / 60.0 + t.getSecond() / 3600.0;
        double base = 0.18 + 0.42 * bump(hour, 13.0, 4.5); // daytime
        double morning = 0.55 * bump(hour, 8.0, 1.1); // morning rush
        double evening = 0.55 * bump(hour, 17.5, 1.3); // evening rush
        return base + morning + evening;
    }

    private static double bump(double hour, double centre, double width) {
        double d = Math.abs(hour - centre);
        d = Math.min(d, 24 - d);
        return Math.exp(-0.5 * (d / width) * (d / width));
    }
}
