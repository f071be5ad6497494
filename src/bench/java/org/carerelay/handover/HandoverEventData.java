package org.carerelay.handover;

import java.util.Map;

/**
 * For the benchmark's generator (org.carerelay.bench.Handovers): the DISCHARGE_HANDOVER event data exactly as
 * {@link HandoverService} derives it from a handover document, so generated history never drifts from the product.
 * In the product's package because that method is package-private.
 */
public final class HandoverEventData {

    private HandoverEventData() {
    }

    public static Map<String, Object> of(HandoverDocument document) {
        return HandoverService.eventData(document);
    }
}
