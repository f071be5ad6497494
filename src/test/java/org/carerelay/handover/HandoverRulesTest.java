package org.carerelay.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.carerelay.web.ProblemException.FieldError;
import org.junit.jupiter.api.Test;

/** What a handover may hold (errors, nothing stored) and what it must hold (missing parts); pure, no database. */
class HandoverRulesTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    static final Predicate<String> NETWORK = Set.of("riverside-hospital", "eastside-community", "northgate-housing")::contains;

    static HandoverDocument.Person person() {
        return new HandoverDocument.Person("MRN-1001", "Ada", "Pemberton", "1956-03-14");
    }

    static HandoverDocument complete() {
        return new HandoverDocument(person(), "2026-11-24", "home_with_support", "urgent_review", "Fall at home; stable.",
                List.of(new HandoverDocument.MedicationFlag("warfarin", "bleeding risk", "high")), "Walks with a frame",
                List.of("District nurse visit"), "Lives alone", "Call if breathless",
                List.of(new HandoverDocument.EscalationRule("no answer at the door", "call the next of kin")),
                List.of(new HandoverDocument.ActionItem("First home visit", 24, "eastside-community")));
    }

    static HandoverDocument with(HandoverDocument.Person client, String dischargeDate, String recommendation, String urgency,
            String triage, List<HandoverDocument.MedicationFlag> flags, String mobility, List<String> needs,
            List<HandoverDocument.EscalationRule> rules, List<HandoverDocument.ActionItem> items) {
        return new HandoverDocument(client, dischargeDate, recommendation, urgency, triage, flags, mobility, needs, null, null, rules, items);
    }

    static Map<String, String> errors(HandoverDocument d) {
        return errors(d, null);
    }

    static Map<String, String> errors(HandoverDocument d, Set<String> responsible) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FieldError e : HandoverRules.errors(d, NETWORK, responsible, TODAY)) {
            out.merge(e.field(), e.message(), (a, b) -> a + " | " + b);
        }
        return out;
    }

    @Test
    void aCompleteHandoverHasNoErrorsAndNothingMissing() {
        assertEquals(Map.of(), errors(complete()));
        assertEquals(List.of(), HandoverRules.missing(complete()));
    }

    @Test
    void everyRequiredPartLeftOutIsMissingInReadingOrderButIsNoError() {
        HandoverDocument bare = with(person(), null, " ", null, "", null, null, null, null, null);
        assertEquals(Map.of(), errors(bare));
        assertEquals(List.of("dischargeDate", "dischargeRecommendation", "triageNotes", "mobilityConcerns", "followUpNeeds", "actionItems"),
                HandoverRules.missing(bare));
        assertEquals("discharge date, discharge recommendation, triage notes, mobility and functional concerns, follow-up needs, action items",
                HandoverRules.describe(HandoverRules.missing(bare)));
        for (HandoverPart part : HandoverPart.values()) {
            assertEquals(part.required, HandoverRules.missing(bare).contains(part.code), part.code);
        }
    }

    @Test
    void theClientAndEachOfItsPartsAreRequired() {
        assertEquals(Map.of("client", "required: {localId, givenName, familyName, birthDate}"),
                errors(with(null, null, null, null, null, null, null, null, null, null)));
        Map<String, String> e = errors(with(new HandoverDocument.Person(" ", null, "", null), null, null, null, null, null, null, null, null, null));
        assertEquals(Map.of("client.localId", "required", "client.givenName", "required", "client.familyName", "required",
                "client.birthDate", "required: a date such as 2026-11-25"), e);
    }

    @Test
    void theClientsTextPartsHaveTheirBounds() {
        HandoverDocument atBounds = with(new HandoverDocument.Person("x".repeat(64), "g".repeat(100), "f".repeat(100), "1956-03-14"),
                null, null, null, null, null, null, null, null, null);
        assertEquals(Map.of(), errors(atBounds));
        HandoverDocument over = with(new HandoverDocument.Person("x".repeat(65), "g".repeat(101), "f".repeat(101), "1956-03-14"),
                null, null, null, null, null, null, null, null, null);
        assertEquals(Map.of("client.localId", "at most 64 characters", "client.givenName", "at most 100 characters",
                "client.familyName", "at most 100 characters"), errors(over));
    }

    @Test
    void theBirthDateIsAPastDateAfter1900AndTheDischargeDateADate() {
        for (String birth : List.of("1900-01-01", "2026-11-25")) {
            HandoverDocument d = with(new HandoverDocument.Person("L", "A", "B", birth), null, null, null, null, null, null, null, null, null);
            assertEquals(Map.of(), errors(d), birth);
        }
        for (String birth : List.of("1899-12-31", "2026-11-26")) {
            HandoverDocument d = with(new HandoverDocument.Person("L", "A", "B", birth), null, null, null, null, null, null, null, null, null);
            assertEquals(Map.of("client.birthDate", "must be a past date after 1900-01-01"), errors(d), birth);
        }
        for (String birth : List.of("1956-02-30", "14/03/1956", "1956-3-14", "<script>")) {
            HandoverDocument d = with(new HandoverDocument.Person("L", "A", "B", birth), "tomorrow", null, null, null, null, null, null, null, null);
            assertEquals(Map.of("client.birthDate", "must be a date in the form YYYY-MM-DD",
                    "dischargeDate", "must be a date in the form YYYY-MM-DD"), errors(d), birth);
        }
    }

    @Test
    void recommendationAndUrgencyMustBeOneOfTheirCodes() {
        for (String r : HandoverRules.RECOMMENDATIONS) {
            assertEquals(Map.of(), errors(with(person(), null, r, null, null, null, null, null, null, null)), r);
        }
        for (String u : HandoverRules.URGENCIES) {
            assertEquals(Map.of(), errors(with(person(), null, null, u, null, null, null, null, null, null)), u);
        }
        Map<String, String> e = errors(with(person(), null, "Home_With_Support", "asap", null, null, null, null, null, null));
        assertEquals(Map.of("dischargeRecommendation", "must be one of home_independent, home_with_support, residential_care, supported_accommodation",
                "urgency", "must be one of information_only, routine_follow_up, urgent_review"), e);
    }

    @Test
    void longTextIsBoundedAtTenThousandCharactersAndNulIsRefused() {
        String max = "t".repeat(HandoverRules.MAX_TEXT);
        HandoverDocument atBound = new HandoverDocument(person(), null, null, null, max, null, max, null, max, max, null, null);
        assertEquals(Map.of(), errors(atBound));
        String over = max + "t";
        HandoverDocument tooLong = new HandoverDocument(person(), null, null, null, over, null, over, null, over, over, null, null);
        assertEquals(Map.of("triageNotes", "at most 10000 characters", "mobilityConcerns", "at most 10000 characters",
                "unresolvedConcerns", "at most 10000 characters", "symptomReporting", "at most 10000 characters"), errors(tooLong));
        HandoverDocument nul = new HandoverDocument(person(), null, null, null, "a\u0000b", null, null, null, null, null, null, null);
        assertEquals(Map.of("triageNotes", "must not contain the NUL character (\\u0000)"), errors(nul));
    }

    @Test
    void controlCharactersAndUnpairedSurrogatesAreRefusedButTabsAndLineBreaksKept() {
        HandoverDocument control = new HandoverDocument(new HandoverDocument.Person("L\u001b[31m", "A", "B", "1956-03-14"), null, null, null,
                "line one\r\n\tline two", null, "a\u0007b", List.of("x\uD800"), null, null, null, null);
        Map<String, String> e = errors(control);
        assertEquals(List.of("client.localId", "mobilityConcerns", "followUpNeeds[0]"), List.copyOf(e.keySet()), "tabs and line breaks pass");
        assertTrue(e.get("client.localId").startsWith("must not contain control characters"), e.toString());
        HandoverDocument lone = new HandoverDocument(person(), null, null, null, "a\uD800b", null, "\uDC00", null, null, null, null, null);
        assertEquals(Map.of("triageNotes", "must be valid Unicode: an unpaired surrogate (e.g. \\ud800) is not a character",
                "mobilityConcerns", "must be valid Unicode: an unpaired surrogate (e.g. \\ud800) is not a character"), errors(lone));
    }

    @Test
    void otherUnicodeIsKeptAsTyped() {
        String odd = "Ad\u200Ba \u202Eevil\u202C e\u0301\u0301 \uD83D\uDE00";
        HandoverDocument d = with(new HandoverDocument.Person(odd, odd, odd, "1956-03-14"), null, null, null, odd, null, odd, List.of(odd),
                null, null);
        assertEquals(Map.of(), errors(d));
    }

    @Test
    void eachMedicationFlagNeedsMedicationRiskAndAKnownSeverity() {
        List<HandoverDocument.MedicationFlag> flags = new ArrayList<>();
        flags.add(new HandoverDocument.MedicationFlag("warfarin", "bleeding", "low"));
        flags.add(null);
        flags.add(new HandoverDocument.MedicationFlag("", "r".repeat(1001), "severe"));
        flags.add(new HandoverDocument.MedicationFlag("m".repeat(201), null, null));
        Map<String, String> e = errors(with(person(), null, null, null, null, flags, null, null, null, null));
        assertEquals(Map.of("medicationRiskFlags[1]", "must be {medication, risk, severity}",
                "medicationRiskFlags[2].medication", "required",
                "medicationRiskFlags[2].risk", "at most 1000 characters",
                "medicationRiskFlags[2].severity", "must be low, medium or high",
                "medicationRiskFlags[3].medication", "at most 200 characters",
                "medicationRiskFlags[3].risk", "required",
                "medicationRiskFlags[3].severity", "must be low, medium or high"), e);
    }

    @Test
    void followUpNeedsAndEscalationRulesAreCheckedEntryByEntry() {
        List<String> needs = new ArrayList<>(List.of("visit", " ", "n".repeat(1001)));
        List<HandoverDocument.EscalationRule> rules = new ArrayList<>();
        rules.add(new HandoverDocument.EscalationRule("fever", "call"));
        rules.add(null);
        rules.add(new HandoverDocument.EscalationRule(null, "w".repeat(1001)));
        Map<String, String> e = errors(with(person(), null, null, null, null, null, null, needs, rules, null));
        assertEquals(Map.of("followUpNeeds[1]", "required", "followUpNeeds[2]", "at most 1000 characters",
                "escalationRules[1]", "must be {if, then}", "escalationRules[2].if", "required",
                "escalationRules[2].then", "at most 1000 characters"), e);
    }

    @Test
    void eachListHoldsAtMostFiftyEntries() {
        List<String> fifty = Collections.nCopies(HandoverRules.MAX_ITEMS, "visit");
        assertEquals(Map.of(), errors(with(person(), null, null, null, null, null, null, fifty, null, null)));
        List<String> needs = Collections.nCopies(51, "visit");
        List<HandoverDocument.MedicationFlag> flags = Collections.nCopies(51, new HandoverDocument.MedicationFlag("m", "r", "low"));
        List<HandoverDocument.EscalationRule> rules = Collections.nCopies(51, new HandoverDocument.EscalationRule("a", "b"));
        List<HandoverDocument.ActionItem> items = Collections.nCopies(51, new HandoverDocument.ActionItem("d", 24, "eastside-community"));
        assertEquals(Map.of("medicationRiskFlags", "at most 50 entries", "followUpNeeds", "at most 50 entries",
                "escalationRules", "at most 50 entries", "actionItems", "at most 50 entries"),
                errors(with(person(), null, null, null, null, flags, null, needs, rules, items)));
    }

    @Test
    void anActionItemsWindowIsOneTo2160Hours() {
        for (int hours : List.of(1, 24, 2160)) {
            HandoverDocument d = with(person(), null, null, null, null, null, null, null, null,
                    List.of(new HandoverDocument.ActionItem("visit", hours, "eastside-community")));
            assertEquals(Map.of(), errors(d), "" + hours);
        }
        List<HandoverDocument.ActionItem> items = new ArrayList<>();
        items.add(new HandoverDocument.ActionItem("visit", 0, "eastside-community"));
        items.add(new HandoverDocument.ActionItem("visit", 2161, "eastside-community"));
        items.add(new HandoverDocument.ActionItem("visit", null, "eastside-community"));
        items.add(new HandoverDocument.ActionItem(null, -5, "eastside-community"));
        items.add(null);
        Map<String, String> e = errors(with(person(), null, null, null, null, null, null, null, null, items));
        String window = "a whole number of hours from 1 to 2160 (e.g. 24, 48, 72)";
        assertEquals(Map.of("actionItems[0].windowHours", window, "actionItems[1].windowHours", window, "actionItems[2].windowHours", window,
                "actionItems[3].description", "required", "actionItems[3].windowHours", window,
                "actionItems[4]", "must be {description, windowHours, responsibleAgency}"), e);
    }

    @Test
    void anActionItemsAgencyMustBeOnTheNetworkAndReceiveTheHandover() {
        List<HandoverDocument.ActionItem> items = List.of(new HandoverDocument.ActionItem("visit", 24, "nowhere-agency"),
                new HandoverDocument.ActionItem("visit", 24, "northgate-housing"), new HandoverDocument.ActionItem("visit", 24, "eastside-community"),
                new HandoverDocument.ActionItem("visit", 24, "riverside-hospital"));
        HandoverDocument d = with(person(), null, null, null, null, null, null, null, null, items);
        assertEquals(Map.of("actionItems[0].responsibleAgency", "an agency slug on the network, e.g. eastside-community"), errors(d),
                "without a list of receivers, any agency on the network");
        assertEquals(Map.of("actionItems[0].responsibleAgency", "an agency slug on the network, e.g. eastside-community",
                "actionItems[1].responsibleAgency", "northgate-housing does not receive this handover; choose an agency that does, or your own:"
                        + " eastside-community, riverside-hospital"),
                errors(d, Set.of("riverside-hospital", "eastside-community")));
    }

    @Test
    void everyBadValueIsNamedAtOnce() {
        HandoverDocument d = with(new HandoverDocument.Person(null, "A", "B", "1800-01-01"), "2026-13-01", "home", "now", "x\u0000",
                null, null, null, null, List.of(new HandoverDocument.ActionItem("", 0, null)));
        Map<String, String> e = errors(d);
        assertEquals(List.of("client.localId", "client.birthDate", "dischargeDate", "dischargeRecommendation", "urgency", "triageNotes",
                "actionItems[0].description", "actionItems[0].windowHours", "actionItems[0].responsibleAgency"), List.copyOf(e.keySet()));
        assertTrue(e.values().stream().noneMatch(String::isBlank));
    }
}
