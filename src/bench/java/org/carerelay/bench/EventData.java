package org.carerelay.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Plausible datasets for each catalogue type, valid against the type's field definitions: every
 * required field, optional fields at realistic rates, enum values from the catalogue. Some optional
 * fields are rarely or never filled in, as in real feeds (the data-point report should find them).
 */
final class EventData {

    private static final List<String> SYMPTOMS = List.of("Breathless at rest", "Ankle swelling", "New confusion", "Chest tightness",
            "Not eating or drinking", "Fever and shivering", "Fall at home, no injury", "Wound leaking");
    private static final List<String> MEDICATIONS = List.of("Lithium", "Quetiapine", "Sertraline", "Olanzapine", "Clozapine",
            "Aripiprazole", "Venlafaxine");
    private static final List<String> NOTES = List.of("Did not answer the planned call; voicemail left.",
            "Phone switched off; text sent with the crisis line number.", "Family member answered; says they are staying with a friend.",
            "No answer at the door; neighbour has not seen them for two days.");
    private static final List<String> HOUSING_DETAILS = List.of("Tenant contacted the office; wants help to keep the tenancy.",
            "Notice to quit served after three months of arrears.", "Damp and mould reported in the bedroom; child with asthma.",
            "Landlord selling the property; tenant has nowhere to go.");
    private static final List<String> ACCESS_DESCRIPTIONS = List.of("Reported by phone this morning.",
            "Boiler broken since the weekend; elderly tenant.", "Prepayment meter empty; no money until Friday.",
            "Pharmacy closed and no repeat prescription issued.", "Lost keys; locked out overnight.");

    private EventData() {
    }

    static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    private static String date(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
    }

    private static String at(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The data of an event of the type occurring at {@code at} (DISCHARGE_HANDOVER comes from {@link Handovers}). */
    static Map<String, Object> of(Network.Type type, Random r, Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        switch (type.code()) {
            case "SYMPTOM_DETERIORATION" -> {
                d.put("symptom", pick(r, SYMPTOMS));
                d.put("severity", pick(r, List.of("mild", "moderate", "moderate", "severe")));
                d.put("reportedVia", pick(r, List.of("remote_monitoring", "remote_monitoring", "phone", "home_visit", "clinic")));
                d.put("observedAt", at(at.minus(Duration.ofMinutes(10 + r.nextInt(120)))));
                if (r.nextInt(100) < 4) {
                    d.put("vitalSigns", "SpO2 " + (88 + r.nextInt(8)) + "%, HR " + (80 + r.nextInt(40)));
                }
            }
            case "MISSED_CONTACT_AFTER_CRISIS" -> {
                d.put("crisisDischargeDate", date(at.minus(Duration.ofDays(1 + r.nextInt(6)))));
                d.put("missedContactAt", at(at.minus(Duration.ofMinutes(30 + r.nextInt(180)))));
                d.put("contactAttempts", 1 + r.nextInt(4));
                d.put("lastKnownRiskLevel", pick(r, List.of("low", "medium", "medium", "high")));
                if (r.nextInt(100) < 70) {
                    d.put("clinicalNotes", pick(r, NOTES));
                }
            }
            case "MEDICATION_ADHERENCE_RISK_CHANGE" -> {
                d.put("medication", pick(r, MEDICATIONS));
                if (r.nextInt(100) < 60) {
                    d.put("previousRisk", "low");
                }
                d.put("currentRisk", pick(r, List.of("medium", "high", "high")));
                d.put("reason", pick(r, List.of("Pharmacy reports the last two refills were not collected.",
                        "Says the side effects are too strong; stopped taking it.", "Pill count at the video session was short by a week.")));
            }
            case "SAFEGUARDING_CONCERN" -> {
                d.put("concernType", pick(r, List.of("self_neglect", "self_neglect", "financial_abuse", "exploitation", "neglect",
                        "domestic_abuse", "other")));
                d.put("description", "Concern raised during a video session; details with the MindBridge clinician.");
                d.put("immediateRisk", r.nextInt(10) == 0);
            }
            case "SAFEGUARDING_CONCERN_CLOSED" -> {
                d.put("closedOn", date(at));
                d.put("outcome", pick(r, List.of("Support plan agreed with the person.", "Referred to Adult Protective Services; closed here.",
                        "No further concern after a joint visit.")));
            }
            case "FOLLOW_UP_SCHEDULED" -> {
                d.put("scheduledFor", at(at.plus(Duration.ofHours(24 + r.nextInt(96))).truncatedTo(ChronoUnit.HOURS)));
                d.put("contactType", pick(r, List.of("phone", "video", "home_visit", "home_visit", "clinic")));
            }
            case "FOLLOW_UP_MISSED" -> {
                d.put("scheduledFor", at(at.minus(Duration.ofHours(2 + r.nextInt(6))).truncatedTo(ChronoUnit.HOURS)));
                d.put("attempts", 1 + r.nextInt(3));
                if (r.nextBoolean()) {
                    d.put("notes", "No answer at the door or by phone.");
                }
            }
            case "FOLLOW_UP_COMPLETED" -> {
                d.put("completedAt", at(at.minus(Duration.ofMinutes(15 + r.nextInt(120)))));
                d.put("contactType", pick(r, List.of("phone", "video", "home_visit", "clinic")));
                if (r.nextInt(100) < 80) {
                    d.put("outcome", pick(r, List.of("Settled; next visit in a week.", "Medication reviewed; no changes.",
                            "Referred to the GP for a review.")));
                }
            }
            case "HOUSING_INSTABILITY_ALERT" -> {
                d.put("riskType", pick(r, List.of("eviction_notice", "rent_arrears", "rent_arrears", "unsafe_conditions", "homelessness_risk", "other")));
                if (r.nextInt(100) < 75) {
                    d.put("tenancyEndDate", date(at.plus(Duration.ofDays(14 + r.nextInt(60)))));
                }
                if (r.nextInt(100) < 65) {
                    d.put("rentArrearsAmount", 250 + r.nextInt(4500));
                }
                d.put("details", pick(r, HOUSING_DETAILS));
                if (r.nextInt(100) < 35) {
                    d.put("healthImpactNotes", "Says stress is affecting sleep and medication routine.");
                }
            }
            case "HOUSING_STABILISED" -> {
                d.put("stabilisedOn", date(at));
                d.put("arrangement", pick(r, List.of("Repayment plan agreed with the landlord.", "Moved to supported accommodation.",
                        "Arrears cleared by a hardship grant.")));
            }
            case "MISSED_WELFARE_CONTACT" -> {
                d.put("appointmentAt", at(at.minus(Duration.ofHours(1 + r.nextInt(5))).truncatedTo(ChronoUnit.HOURS)));
                d.put("appointmentType", pick(r, List.of("benefits_review", "welfare_check", "advice_session")));
                if (r.nextInt(100) < 60) {
                    d.put("attempts", 1 + r.nextInt(3));
                }
                if (r.nextInt(100) < 20) {
                    d.put("notes", "Letter returned: not known at this address.");
                }
            }
            case "BENEFITS_INTERRUPTION" -> {
                d.put("benefit", pick(r, List.of("snap", "medicaid", "ssi", "housing_assistance")));
                d.put("interruptedOn", date(at));
                d.put("reason", pick(r, List.of("missed_recertification", "missed_recertification", "administrative_error", "eligibility_change")));
                d.put("details", "Recertification letter went to an old address.");
            }
            case "BENEFITS_RESTORED" -> {
                d.put("benefit", pick(r, List.of("snap", "medicaid", "ssi", "housing_assistance")));
                d.put("restoredOn", date(at));
            }
            case "URGENT_ACCESS_PROBLEM" -> {
                d.put("problem", pick(r, List.of("no_heating", "no_power", "locked_out", "medication_access", "no_food")));
                d.put("description", pick(r, ACCESS_DESCRIPTIONS));
                d.put("vulnerableHousehold", r.nextInt(3) > 0);
            }
            default -> generic(type, r, at, d);
        }
        // Keep only catalogue fields and the catalogue's enum values (a catalogue change never makes invalid data).
        d.keySet().retainAll(type.fieldNames());
        for (Network.Field f : type.fields()) {
            if (f.type().equals("enum") && d.containsKey(f.name()) && !f.values().contains(String.valueOf(d.get(f.name())))) {
                d.put(f.name(), f.values().get(0));
            }
            if (f.required() && !d.containsKey(f.name())) {
                d.put(f.name(), value(f, r, at));
            }
        }
        return d;
    }

    private static void generic(Network.Type type, Random r, Instant at, Map<String, Object> d) {
        for (Network.Field f : type.fields()) {
            if (f.required() || r.nextBoolean()) {
                d.put(f.name(), value(f, r, at));
            }
        }
    }

    private static Object value(Network.Field f, Random r, Instant at) {
        return switch (f.type()) {
            case "date" -> date(at);
            case "datetime" -> at(at);
            case "number" -> 1 + r.nextInt(5);
            case "boolean" -> r.nextBoolean();
            case "enum" -> pick(r, f.values());
            case "list" -> List.of("See the source agency's notes");
            default -> "Recorded by the source agency.";
        };
    }
}
