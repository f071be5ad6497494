package org.carerelay.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Bodies of POST /api/v1/events, built with Jackson (never JSON by string concatenation, so a quote or an
 * apostrophe in a name or a note stays data): {@link #event} for a body with chosen data, {@link #fields}
 * for the data, {@link #valid} for a correct body of every catalogue type that a test mutates one thing of.
 * The client object comes from {@link ClientBodies}; {@link PartnerApi} posts the body.
 */
public final class EventBodies {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** For each catalogue type, a partner system with an active sharing agreement that covers it. */
    public static final Map<String, String> SENDER = Map.ofEntries(
            Map.entry("DISCHARGE_HANDOVER", PartnerTokens.RIVERSIDE),
            Map.entry("SYMPTOM_DETERIORATION", PartnerTokens.RIVERSIDE),
            Map.entry("MISSED_CONTACT_AFTER_CRISIS", PartnerTokens.MINDBRIDGE),
            Map.entry("MEDICATION_ADHERENCE_RISK_CHANGE", PartnerTokens.MINDBRIDGE),
            Map.entry("SAFEGUARDING_CONCERN", PartnerTokens.MINDBRIDGE),
            Map.entry("SAFEGUARDING_CONCERN_CLOSED", PartnerTokens.MINDBRIDGE),
            Map.entry("FOLLOW_UP_SCHEDULED", PartnerTokens.MINDBRIDGE),
            Map.entry("FOLLOW_UP_MISSED", PartnerTokens.MINDBRIDGE),
            Map.entry("FOLLOW_UP_COMPLETED", PartnerTokens.RIVERSIDE),
            Map.entry("HOUSING_INSTABILITY_ALERT", PartnerTokens.NORTHGATE),
            Map.entry("HOUSING_STABILISED", PartnerTokens.NORTHGATE),
            Map.entry("URGENT_ACCESS_PROBLEM", PartnerTokens.NORTHGATE),
            Map.entry("MISSED_WELFARE_CONTACT", PartnerTokens.WELFARE),
            Map.entry("BENEFITS_INTERRUPTION", PartnerTokens.WELFARE),
            Map.entry("BENEFITS_RESTORED", PartnerTokens.WELFARE));

    /** Catalogue types no partner may send: raised by CareRelay itself (multi-agency concerns, issue 16). */
    public static final java.util.Set<String> RAISED_BY_CARERELAY = java.util.Set.of("MULTI_AGENCY_CONCERN");

    /** Every catalogue type: those partners send and those CareRelay raises. */
    public static java.util.Set<String> everyType() {
        java.util.Set<String> all = new java.util.TreeSet<>(SENDER.keySet());
        all.addAll(RAISED_BY_CARERELAY);
        return all;
    }

    private EventBodies() {
    }

    /** {"type", "client", "occurredAt", "data"}: an event as a partner system shares it. */
    public static ObjectNode event(String type, ObjectNode client, Object occurredAt, ObjectNode data) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", type);
        body.set("client", client);
        body.put("occurredAt", occurredAt.toString());
        body.set("data", data);
        return body;
    }

    /**
     * An object of these names and values, in this order: {@code fields("symptom", "Breathless", "contactAttempts", 2)}.
     * Values are strings, numbers, booleans, lists or JSON nodes; instants and dates are written as ISO text.
     */
    public static ObjectNode fields(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            fields.put((String) namesAndValues[i], value instanceof TemporalAccessor ? value.toString() : value);
        }
        return JSON.valueToTree(fields);
    }

    /** The body as JSON text, for clients that send strings or bytes. */
    public static String json(JsonNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String newLocalId() {
        return "IT-" + UUID.randomUUID();
    }

    /** A moment an hour ago, to the second (as a partner system would send it). */
    public static Instant anHourAgo() {
        return Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    }

    public static ObjectNode valid(String type) {
        return valid(type, newLocalId(), anHourAgo());
    }

    public static ObjectNode valid(String type, String localId, Instant occurredAt) {
        return event(type, ClientBodies.unique(localId), occurredAt, data(type, occurredAt));
    }

    public static ObjectNode data(String type, Instant occurredAt) {
        LocalDate today = occurredAt.atZone(ZoneOffset.UTC).toLocalDate();
        ObjectNode d = JSON.createObjectNode();
        switch (type) {
            case "DISCHARGE_HANDOVER" -> {
                d.put("dischargeDate", today.toString());
                d.put("dischargeRecommendation", "home_with_support");
                d.put("triageNotes", "Admitted after a fall; hip fracture repaired.");
                d.putArray("medicationRiskFlags").add("anticoagulant").add("new opioid prescription");
                d.put("mobilityConcerns", "Walks with a frame; stairs at home.");
                d.putArray("followUpNeeds").add("wound check day 3").add("medication review");
                d.put("unresolvedConcerns", "Lives alone.");
                d.put("symptomReportingExpectations", "Report pain scores daily via the app.");
            }
            case "SYMPTOM_DETERIORATION" -> {
                d.put("symptom", "Shortness of breath");
                d.put("severity", "moderate");
                d.put("reportedVia", "remote_monitoring");
                d.put("observedAt", occurredAt.minus(10, ChronoUnit.MINUTES).toString());
                d.put("vitalSigns", "SpO2 91%");
            }
            case "MISSED_CONTACT_AFTER_CRISIS" -> {
                d.put("crisisDischargeDate", today.minusDays(3).toString());
                d.put("missedContactAt", occurredAt.minus(30, ChronoUnit.MINUTES).toString());
                d.put("contactAttempts", 2);
                d.put("lastKnownRiskLevel", "high");
                d.put("clinicalNotes", "No answer by phone twice.");
            }
            case "MEDICATION_ADHERENCE_RISK_CHANGE" -> {
                d.put("medication", "Lithium");
                d.put("previousRisk", "low");
                d.put("currentRisk", "high");
                d.put("reason", "Missed two pharmacy pickups.");
            }
            case "SAFEGUARDING_CONCERN" -> {
                d.put("concernType", "self_neglect");
                d.put("description", "Home without food; not eating.");
                d.put("immediateRisk", false);
                d.put("referredToAdultProtectiveServices", true);
            }
            case "SAFEGUARDING_CONCERN_CLOSED" -> {
                d.put("closedOn", today.toString());
                d.put("outcome", "Support package in place.");
            }
            case "FOLLOW_UP_SCHEDULED" -> {
                d.put("scheduledFor", occurredAt.plus(2, ChronoUnit.DAYS).toString());
                d.put("contactType", "phone");
                d.put("responsibleTeam", "Crisis follow-up");
            }
            case "FOLLOW_UP_MISSED" -> {
                d.put("scheduledFor", occurredAt.minus(1, ChronoUnit.DAYS).toString());
                d.put("attempts", 3);
                d.put("notes", "No answer at the door.");
            }
            case "FOLLOW_UP_COMPLETED" -> {
                d.put("completedAt", occurredAt.toString());
                d.put("contactType", "home_visit");
                d.put("outcome", "Well; plan unchanged.");
            }
            case "HOUSING_INSTABILITY_ALERT" -> {
                d.put("riskType", "eviction_notice");
                d.put("tenancyEndDate", today.plusDays(30).toString());
                d.put("rentArrearsAmount", 1250.5);
                d.put("details", "Notice served after four months of arrears.");
                d.put("healthImpactNotes", "Tenant says the stress is worsening their depression.");
            }
            case "HOUSING_STABILISED" -> {
                d.put("stabilisedOn", today.toString());
                d.put("arrangement", "Repayment plan agreed.");
            }
            case "URGENT_ACCESS_PROBLEM" -> {
                d.put("problem", "no_heating");
                d.put("description", "Boiler failed; outside temperature below freezing.");
                d.put("vulnerableHousehold", true);
            }
            case "MISSED_WELFARE_CONTACT" -> {
                d.put("appointmentAt", occurredAt.minus(2, ChronoUnit.HOURS).toString());
                d.put("appointmentType", "benefits_review");
                d.put("attempts", 1);
                d.put("notes", "Letter may not have arrived.");
            }
            case "BENEFITS_INTERRUPTION" -> {
                d.put("benefit", "snap");
                d.put("interruptedOn", today.minusDays(2).toString());
                d.put("reason", "missed_recertification");
                d.put("expectedRestoration", today.plusDays(14).toString());
                d.put("details", "Recertification form not received.");
            }
            case "BENEFITS_RESTORED" -> {
                d.put("benefit", "snap");
                d.put("restoredOn", today.toString());
            }
            default -> throw new IllegalArgumentException("no valid body for " + type);
        }
        return d;
    }

    public static ObjectNode client(ObjectNode body) {
        return (ObjectNode) body.get("client");
    }

    public static ObjectNode data(ObjectNode body) {
        return (ObjectNode) body.get("data");
    }

    public static ArrayNode array() {
        return JSON.createArrayNode();
    }
}
