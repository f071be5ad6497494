package org.carerelay.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Plausible datasets for the demo history, one builder per catalogue type. */
final class DemoData {

    private DemoData() {
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String date(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
    }

    static Map<String, Object> dischargeHandover(Random r, Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("dischargeDate", date(at));
        d.put("dischargeRecommendation", pick(r, List.of("home_with_support", "home_independent", "supported_accommodation")));
        d.put("triageNotes", pick(r, List.of("Admitted with a fall at home; no fracture. Lives alone.",
                "Community-acquired pneumonia, treated; still tires on exertion.", "Heart failure exacerbation; diuretics adjusted.")));
        d.put("medicationRiskFlags", pick(r, List.of(List.of("Warfarin: INR check in 72 h (high)"),
                List.of("New furosemide dose: watch for dizziness (medium)"), List.of())));
        d.put("mobilityConcerns", pick(r, List.of("Uses a frame; stairs to the bathroom.", "Independent indoors, needs help outdoors.")));
        d.put("followUpNeeds", List.of("First contact within 24 h", "Medication review within 72 h"));
        if (r.nextBoolean()) {
            d.put("unresolvedConcerns", "Daughter worried about night-time confusion.");
        }
        d.put("symptomReportingExpectations", "Daily weight and breathlessness score through the remote-monitoring app.");
        return d;
    }

    static Map<String, Object> deterioration(Random r, Instant at) {
        return new LinkedHashMap<>(Map.of("symptom", pick(r, List.of("Breathless at rest", "Ankle swelling", "New confusion")),
                "severity", pick(r, List.of("mild", "moderate", "severe")), "reportedVia", pick(r, List.of("remote_monitoring", "phone")),
                "observedAt", at.minus(Duration.ofMinutes(30)).toString()));
    }

    static Map<String, Object> followUpScheduled(Random r, Instant when) {
        return new LinkedHashMap<>(Map.of("scheduledFor", when.toString(), "contactType", pick(r, List.of("phone", "home_visit", "clinic"))));
    }

    static Map<String, Object> missedContact(Random r, Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("crisisDischargeDate", date(at.minus(Duration.ofDays(2 + r.nextInt(4)))));
        d.put("missedContactAt", at.minus(Duration.ofHours(1)).toString());
        d.put("contactAttempts", 1 + r.nextInt(3));
        d.put("lastKnownRiskLevel", pick(r, List.of("medium", "high")));
        d.put("clinicalNotes", "Did not answer the planned call; voicemail left.");
        return d;
    }

    static Map<String, Object> medicationRisk(Random r) {
        return new LinkedHashMap<>(Map.of("medication", pick(r, List.of("Lithium", "Quetiapine", "Sertraline")),
                "previousRisk", "low", "currentRisk", pick(r, List.of("medium", "high")),
                "reason", "Pharmacy reports the last two refills were not collected."));
    }

    static Map<String, Object> safeguarding(Random r) {
        return new LinkedHashMap<>(Map.of("concernType", pick(r, List.of("self_neglect", "financial_abuse", "exploitation")),
                "description", "Concern raised during a video session; details with the MindBridge clinician.",
                "immediateRisk", false));
    }

    static Map<String, Object> followUpOutcome(String type, Instant scheduled) {
        return type.equals("FOLLOW_UP_MISSED")
                ? new LinkedHashMap<>(Map.of("scheduledFor", scheduled.toString(), "attempts", 2, "notes", "No answer at the door or by phone."))
                : new LinkedHashMap<>(Map.of("completedAt", scheduled.toString(), "contactType", "home_visit", "outcome", "Settled; next visit in a week."));
    }

    static Map<String, Object> housingAlert(Random r, Instant at) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("riskType", pick(r, List.of("eviction_notice", "rent_arrears", "unsafe_conditions", "homelessness_risk")));
        d.put("tenancyEndDate", date(at.plus(Duration.ofDays(20 + r.nextInt(40)))));
        d.put("rentArrearsAmount", 400 + r.nextInt(3000));
        d.put("details", "Tenant contacted the office; wants help to keep the tenancy.");
        if (r.nextBoolean()) {
            d.put("healthImpactNotes", "Says stress is affecting sleep and medication routine.");
        }
        return d;
    }

    static Map<String, Object> benefitsInterruption(Random r, Instant at) {
        return new LinkedHashMap<>(Map.of("benefit", pick(r, List.of("snap", "medicaid", "ssi", "housing_assistance")),
                "interruptedOn", date(at), "reason", pick(r, List.of("missed_recertification", "administrative_error", "eligibility_change")),
                "details", "Recertification letter went to an old address."));
    }

    static Map<String, Object> missedWelfare(Random r, Instant at) {
        return new LinkedHashMap<>(Map.of("appointmentAt", at.minus(Duration.ofHours(2)).toString(),
                "appointmentType", pick(r, List.of("benefits_review", "welfare_check", "advice_session")), "attempts", 1));
    }

    static Map<String, Object> urgentAccess(Random r) {
        return new LinkedHashMap<>(Map.of("problem", pick(r, List.of("no_heating", "no_power", "locked_out", "medication_access")),
                "description", "Reported by phone this morning.", "vulnerableHousehold", r.nextBoolean()));
    }
}
