package io.roadmirror.api;

import io.roadmirror.mirror.MirrorThresholds;
import io.roadmirror.model.SegmentState;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.routes.ForecastTravelTimes;
import io.roadmirror.routes.RouteAnswer;
import io.roadmirror.routes.RoutePlanner;
import io.roadmirror.routes.RouteQuestion;
import io.roadmirror.routes.StoreConditions;
import io.roadmirror.whatif.WhatIfAnswer;
import io.roadmirror.whatif.WhatIfPlanner;
import io.roadmirror.whatif.WhatIfQuestion;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Routes and what-ifs asked of the API, answered here: every instance holds the network, the mirror, its
 * forecasts and the route blocks whole (global stores), so no question is forwarded. The same rule as route.requests
 * ({@link RoutePlanner}); departAt defaults to the mirror's now ({@link MirrorNow}).
 */
final class RouteQueries {
    private final LocalStores local;
    private final LongSupplier networkVersion;
    private final BooleanSupplier settled;
    private final LongSupplier mirrorNow;
    private final MirrorThresholds congestion;
    private volatile Decoded decoded;

    private record Decoded(long version, RoadNetwork network) {}

    /**
     * @param mirrorNow  what "now" is for a question without a time ({@link MirrorNow})
     * @param congestion the mirror's congestion thresholds, which a what-if's levels follow
     */
    RouteQueries(
            LocalStores local,
            LongSupplier networkVersion,
            BooleanSupplier settled,
            LongSupplier mirrorNow,
            MirrorThresholds congestion) {
        this.local = local;
        this.networkVersion = networkVersion;
        this.settled = settled;
        this.mirrorNow = mirrorNow;
        this.congestion = congestion;
    }

    RouteView route(RouteQuestion question) {
        long now = mirrorNow.getAsLong();
        RouteAnswer answer = Retry.within(
                "the road network, mirror and route blocks",
                () -> RoutePlanner.answer(question, now, conditions(local.mirrorSegments())));
        return RouteView.of(answer, System.currentTimeMillis()); // answeredAt: the wall clock, as on Kafka
    }

    /** A what-if over the same conditions as a route; it writes nothing. */
    WhatIfAnswer whatIf(WhatIfQuestion question) {
        long now = mirrorNow.getAsLong();
        return Retry.within("the road network, mirror and route blocks", () -> {
            var mirror = local.mirrorSegments();
            return WhatIfPlanner.answer(question, now, conditions(mirror), mirror::get, congestion);
        });
    }

    private StoreConditions conditions(ReadOnlyKeyValueStore<String, SegmentState> mirror) {
        var blocks = local.routeBlocks();
        var forecasts = local.mirrorForecasts();
        return new StoreConditions(
                network(), mirror::get, blocks::get, id -> ForecastTravelTimes.Forecast.of(forecasts.get(id)));
    }

    /** Decoded once per version of road.network (kept only once the pipeline runs: the global store may still be loading before). */
    private RoadNetwork network() {
        Decoded known = decoded;
        long version = networkVersion.getAsLong();
        if (known != null && known.version() == version) {
            return known.network();
        }
        RoadNetwork network = new RoadNetwork(local.network());
        if (settled.getAsBoolean()) {
            decoded = new Decoded(version, network);
        }
        return network;
    }
}
