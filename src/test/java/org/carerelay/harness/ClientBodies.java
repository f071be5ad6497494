package org.carerelay.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code client} object of partner API bodies (events and handovers): the person as the sending
 * agency knows them. Built with Jackson, like {@link EventBodies}.
 */
public final class ClientBodies {

    private ClientBodies() {
    }

    /** {"localId", "givenName", "familyName", "birthDate"}. */
    public static ObjectNode person(String localId, String givenName, String familyName, String birthDate) {
        return EventBodies.JSON.createObjectNode().put("localId", localId).put("givenName", givenName).put("familyName", familyName)
                .put("birthDate", birthDate);
    }

    /** The person with their Medicaid member id: agencies that both hold it link to one client without an identity steward. */
    public static ObjectNode withMedicaid(ObjectNode client, String medicaid) {
        client.putArray("identifiers").addObject().put("system", "medicaid").put("value", medicaid);
        return client;
    }

    /**
     * A person whose name no other test uses (Dana/Whitfield and the first twelve letters and digits of the
     * local id), so that matching by name and birth date never links to another test's client.
     */
    public static ObjectNode unique(String localId) {
        String letters = localId.replaceAll("[^A-Za-z0-9]", "");
        String suffix = letters.substring(0, Math.min(12, letters.length()));
        return person(localId, "Dana" + suffix, "Whitfield" + suffix, "1987-04-12");
    }
}
