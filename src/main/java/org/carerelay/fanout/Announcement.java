package org.carerelay.fanout;

/**
 * What changed, as told to every app instance after commit: a new delivery or a state change.
 * Carries identifiers only; listeners read what they may show through the access policy.
 */
public record Announcement(String kind, long deliveryId, long recipientAgencyId, long sourceAgencyId, long clientId, String actor) {

    public static final String DELIVERY_CREATED = "delivery.created";
    public static final String DELIVERY_CHANGED = "delivery.changed";

    String toPayload() {
        return kind + "|" + deliveryId + "|" + recipientAgencyId + "|" + sourceAgencyId + "|" + clientId + "|" + actor;
    }

    static Announcement fromPayload(String payload) {
        String[] p = payload.split("\\|", 6);
        return new Announcement(p[0], Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]), Long.parseLong(p[4]),
                p.length > 5 ? p[5] : "");
    }
}
