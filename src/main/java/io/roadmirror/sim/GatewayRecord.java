package io.roadmirror.sim;

import org.apache.avro.specific.SpecificRecord;

/**
 * One record a gateway sends: to a topic, keyed as the contract says, with an Avro value — or,
 * when a gateway misbehaves on purpose, raw bytes that are no record at all.
 *
 * @param sendAt simulated time at which the gateway sends it (a late reading is sent well after its event time)
 */
public record GatewayRecord(
        String gatewayId, String topic, String key, SpecificRecord value, byte[] garbage, long sendAt) {

    public static GatewayRecord of(String gatewayId, String topic, String key, SpecificRecord value, long sendAt) {
        return new GatewayRecord(gatewayId, topic, key, value, null, sendAt);
    }

    public static GatewayRecord garbage(String gatewayId, String topic, String key, byte[] bytes, long sendAt) {
        return new GatewayRecord(gatewayId, topic, key, null, bytes, sendAt);
    }

    public boolean isGarbage() {
        return garbage != null;
    }
}
