package org.carerelay.privacy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.carerelay.harness.ClientBodies;
import org.carerelay.harness.EventBodies;
import org.carerelay.harness.PartnerApi;
import org.carerelay.harness.TestDatabase;

/** Sets up test data the way a partner system does: a POST /api/v1/events with a real token. */
final class PartnerEvents {

    private PartnerEvents() {
    }

    /** Shares one event about a new person (unique name) and returns the client id CareRelay gave them. */
    static long share(String partnerClient, String type, String localId, ObjectNode data) {
        PartnerApi.share(partnerClient, EventBodies.event(type, ClientBodies.unique(localId), EventBodies.anHourAgo(), data));
        return TestDatabase.number("SELECT client_id FROM client_identifier WHERE local_id = ?", localId);
    }
}
