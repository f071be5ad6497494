package org.carerelay.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Bodies of POST /api/v1/handovers (a structured discharge handover), built with Jackson like {@link EventBodies}. */
public final class HandoverBodies {

    private HandoverBodies() {
    }

    /** The parts every handover has: the client, the discharge date and the triage notes; tests add the rest with {@code put}. */
    public static ObjectNode handover(ObjectNode client, String dischargeDate, String triageNotes) {
        ObjectNode body = EventBodies.JSON.createObjectNode();
        body.set("client", client);
        return body.put("dischargeDate", dischargeDate).put("triageNotes", triageNotes);
    }

    /** One entry of {@code actionItems}. */
    public static ObjectNode actionItem(String description, int windowHours, String responsibleAgency) {
        return EventBodies.fields("description", description, "windowHours", windowHours, "responsibleAgency", responsibleAgency);
    }

    /** One entry of {@code medicationRiskFlags}. */
    public static ObjectNode medicationFlag(String medication, String risk, String severity) {
        return EventBodies.fields("medication", medication, "risk", risk, "severity", severity);
    }
}
