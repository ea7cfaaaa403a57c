package io.roadmirror.api;

import io.roadmirror.network.RoadNetwork;
import io.roadmirror.routes.RouteAnswer;
import io.roadmirror.routes.RoutePlanner;
import io.roadmirror.routes.RouteQuestion;
import io.roadmirror.routes.StoreConditions;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Routes asked of the API, answered here: every instance holds the network, the mirror and the
 * route blocks whole (global stores), so no question is forwarded. The same rule as route.requests
 * ({@link RoutePlanner}); departAt defaults to the wall clock.
 */
final class RouteQueries {
    private final LocalStores local;
    private final LongSupplier networkVersion;
    private final BooleanSupplier settled;
    private final LongSupplier wallClock;
    private volatile Decoded decoded;

    private record Decoded(long version, RoadNetwork network) {
    }

    RouteQueries(LocalStores local, LongSupplier networkVersion, BooleanSupplier settled, LongSupplier wallClock) {
        this.local = local;
        this.networkVersion = networkVersion;
        this.settled = settled;
        this.wallClock = wallClock;
    }

    RouteView route(RouteQuestion question) {
        long now = wallClock.getAsLong();
        RouteAnswer answer = Retry.within("the road network, mirror and route blocks", () -> {
            var mirror = local.mirrorSegments();
            var blocks = local.routeBlocks();
            return RoutePlanner.answer(question, now, new StoreConditions(network(), mirror::get, blocks::get, null));
        });
        return RouteView.of(answer, wallClock.getAsLong());
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
