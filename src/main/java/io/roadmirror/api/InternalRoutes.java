package io.roadmirror.api;

import io.javalin.config.RoutesConfig;
import io.roadmirror.advisories.AdvisoryTopology;
import io.roadmirror.mirror.MirrorTopology;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What one instance holds in its own stores, for the other instances ({@link PeerClient}); never
 * forwarded again, so a request cannot bounce between instances. A key whose partition is not
 * active here is a 503: the asking instance looks the owner up again and retries. Retries here
 * are short, so that the asking instance keeps time to do that.
 */
final class InternalRoutes {
    static final String MIRROR = "/internal/mirror";
    static final String HOTSPOTS = "/internal/hotspots";
    static final String ADVISORIES = "/internal/advisories";

    private InternalRoutes() {}

    static String mirrorEntryPath(String segmentId) {
        return MIRROR + "/"
                + URLEncoder.encode(segmentId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static void register(RoutesConfig routes, LocalStores local, InstanceLocator locator) {
        routes.get(MIRROR, ctx -> ctx.json(Retry.within(Retry.FOR_PEER, "this instance's mirror", local::liveStates)));
        routes.get(MIRROR + "/{id}", ctx -> {
            String id = ctx.pathParam("id");
            ctx.json(Retry.within(
                    Retry.FOR_PEER,
                    "'" + id + "' in " + MirrorTopology.STORE,
                    () -> local.mirrorEntry(id, ownedHere(locator, MirrorTopology.STORE, id))));
        });
        routes.get(
                HOTSPOTS, ctx -> ctx.json(Retry.within(Retry.FOR_PEER, "this instance's hotspots", local::hotspots)));
        routes.get(ADVISORIES, ctx -> {
            AdvisoryQuery query = QueryParams.advisoryQuery(ctx);
            ctx.json(Retry.within(
                    Retry.FOR_PEER,
                    "this instance's advisories",
                    () -> local.advisories(
                            query,
                            query.segmentId() == null
                                    ? null
                                    : ownedHere(locator, AdvisoryTopology.LOG_STORE, query.segmentId()))));
        });
    }

    /** The key's partition, when it is active on this instance. */
    private static int ownedHere(InstanceLocator locator, String store, String key) {
        InstanceLocator.Owner owner = locator.ownerOf(store, key);
        if (!owner.local()) {
            throw new NotYetAvailable("this instance does not own '" + key + "' in " + store + " ("
                    + InstanceLocator.describe(owner.host()) + " does)");
        }
        return owner.partition();
    }
}
