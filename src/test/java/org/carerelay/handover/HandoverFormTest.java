package org.carerelay.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.carerelay.web.ProblemException.FieldError;
import org.junit.jupiter.api.Test;

/** The handover form's flat fields to a document and back, and where each error is shown; pure, no database. */
class HandoverFormTest {

    static Map<String, String> filled() {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("clientLocalId", " MRN-1001 ");
        in.put("givenName", "Ada");
        in.put("familyName", "Pemberton");
        in.put("birthDate", "1956-03-14");
        in.put("dischargeDate", "2026-11-24");
        in.put("dischargeRecommendation", "home_with_support");
        in.put("urgency", "urgent_review");
        in.put("triageNotes", "Fall at home");
        in.put("mobilityConcerns", "Frame");
        in.put("followUpNeeds", "District nurse\r\n\r\n  Pharmacy review  \n");
        in.put("flag-0-medication", "warfarin");
        in.put("flag-0-risk", "bleeding");
        in.put("flag-0-severity", "high");
        in.put("rule-0-if", "no answer");
        in.put("rule-0-then", "call next of kin");
        in.put("item-0-description", "First visit");
        in.put("item-0-window", "48");
        in.put("item-0-agency", "eastside-community");
        return in;
    }

    @Test
    void aFilledFormBecomesTheDocumentTrimmedWithOneNeedPerLine() {
        HandoverForm.Parsed p = HandoverForm.parse(filled());
        HandoverDocument d = p.document();
        assertEquals(new HandoverDocument.Person("MRN-1001", "Ada", "Pemberton", "1956-03-14"), d.client());
        assertEquals("2026-11-24", d.dischargeDate());
        assertEquals("home_with_support", d.dischargeRecommendation());
        assertEquals(List.of("District nurse", "Pharmacy review"), d.needs());
        assertEquals(List.of(new HandoverDocument.MedicationFlag("warfarin", "bleeding", "high")), d.flags());
        assertEquals(List.of(new HandoverDocument.EscalationRule("no answer", "call next of kin")), d.rules());
        assertEquals(List.of(new HandoverDocument.ActionItem("First visit", 48, "eastside-community")), d.items());
        assertEquals(List.of(), p.formErrors());
    }

    @Test
    void blankFieldsAreLeftOutAndBlankRowsIgnored() {
        Map<String, String> in = new HashMap<>();
        in.put("givenName", "   ");
        in.put("flag-0-medication", " ");
        in.put("flag-0-severity", "low");
        in.put("rule-1-if", "");
        in.put("item-2-window", "24");
        in.put("item-2-agency", "eastside-community");
        HandoverForm.Parsed p = HandoverForm.parse(in);
        assertNull(p.document().client().givenName());
        assertEquals(List.of(), p.document().flags());
        assertEquals(List.of(), p.document().rules());
        assertEquals(List.of(), p.document().items());
        assertEquals(List.of(), p.document().needs());
        assertEquals(List.of(), p.formErrors());
    }

    @Test
    void rowsKeepTheirNumbersSoErrorsLandWhereTheyWereTyped() {
        Map<String, String> in = new HashMap<>();
        in.put("item-0-description", "");
        in.put("item-3-description", "visit");
        in.put("item-3-window", "custom");
        in.put("item-3-customHours", "ten");
        in.put("flag-5-medication", "insulin");
        in.put("rule-7-then", "call");
        HandoverForm.Parsed p = HandoverForm.parse(in);
        assertEquals(List.of(3), p.itemRows());
        assertEquals(List.of(5), p.flagRows());
        assertEquals(List.of(7), p.ruleRows());
        assertEquals(List.of(new FieldError("actionItems[0].windowHours", "a whole number of hours from 1 to 2160 (e.g. 24, 48, 72)")),
                p.formErrors());
        assertEquals("item-3-window", HandoverForm.controlId("actionItems[0].windowHours", p));
        assertEquals("item-3-agency", HandoverForm.controlId("actionItems[0].responsibleAgency", p));
        assertEquals("item-3-description", HandoverForm.controlId("actionItems[0]", p));
        assertEquals("flag-5-severity", HandoverForm.controlId("medicationRiskFlags[0].severity", p));
        assertEquals("flag-5-medication", HandoverForm.controlId("medicationRiskFlags[0]", p));
        assertEquals("rule-7-if", HandoverForm.controlId("escalationRules[0].if", p));
        assertEquals("rule-7-then", HandoverForm.controlId("escalationRules[0].then", p));
    }

    @Test
    void customHoursAreReadAndAMissingWindowIsNamed() {
        Map<String, String> in = new HashMap<>();
        in.put("item-0-description", "visit");
        in.put("item-0-window", "custom");
        in.put("item-0-customHours", " 100 ");
        in.put("item-1-description", "call");
        in.put("item-1-window", "custom");
        HandoverForm.Parsed p = HandoverForm.parse(in);
        assertEquals(Integer.valueOf(100), p.document().items().get(0).windowHours());
        assertEquals(List.of(new FieldError("actionItems[1].windowHours", "choose a window, or give the hours")), p.formErrors());
        assertEquals(Integer.valueOf(24), p.document().items().get(1).windowHours(), "a placeholder so the rules still run");
    }

    @Test
    void documentPathsMapToTheirControls() {
        HandoverForm.Parsed p = HandoverForm.parse(Map.of());
        assertEquals("clientLocalId", HandoverForm.controlId("client", p));
        assertEquals("clientLocalId", HandoverForm.controlId("client.localId", p));
        assertEquals("givenName", HandoverForm.controlId("client.givenName", p));
        assertEquals("familyName", HandoverForm.controlId("client.familyName", p));
        assertEquals("birthDate", HandoverForm.controlId("client.birthDate", p));
        assertEquals("flag-0-medication", HandoverForm.controlId("medicationRiskFlags", p));
        assertEquals("rule-0-if", HandoverForm.controlId("escalationRules", p));
        assertEquals("item-0-description", HandoverForm.controlId("actionItems", p));
        assertEquals("followUpNeeds", HandoverForm.controlId("followUpNeeds[4]", p));
        assertEquals("triageNotes", HandoverForm.controlId("triageNotes", p));
        assertEquals("item-2-window", HandoverForm.controlId("actionItems[2].windowHours", p), "beyond the typed rows: the index itself");
    }

    @Test
    void eachControlShowsItsFirstError() {
        HandoverForm.Parsed p = HandoverForm.parse(Map.of());
        Map<String, String> at = HandoverForm.byControl(List.of(new FieldError("client.localId", "required"),
                new FieldError("client", "second"), new FieldError("followUpNeeds[0]", "required"),
                new FieldError("followUpNeeds[1]", "at most 1000 characters")), p);
        assertEquals(Map.of("clientLocalId", "required", "followUpNeeds", "required"), at);
    }

    @Test
    void aDocumentRoundTripsThroughTheFormValues() {
        HandoverDocument d = HandoverRulesTest.complete();
        Map<String, String> values = HandoverForm.values(d, "eastside-community");
        assertEquals("eastside-community", values.get("defaultAgency"));
        assertEquals("24", values.get("item-0-window"));
        values.remove("defaultAgency");
        HandoverDocument back = HandoverForm.parse(values).document();
        assertEquals(d.client(), back.client());
        assertEquals(d.flags(), back.flags());
        assertEquals(d.rules(), back.rules());
        assertEquals(d.items(), back.items());
        assertEquals(d.needs(), back.needs());
        assertEquals(d.unresolvedConcerns(), back.unresolvedConcerns());
        assertEquals(d.symptomReporting(), back.symptomReporting());
    }

    @Test
    void hoursOutsideTheOfferedWindowsComeBackAsCustom() {
        HandoverDocument d = new HandoverDocument(null, null, null, null, null, null, null, null, null, null, null,
                List.of(new HandoverDocument.ActionItem("visit", 100, "eastside-community")));
        Map<String, String> values = HandoverForm.values(d, "riverside-hospital");
        assertEquals("custom", values.get("item-0-window"));
        assertEquals("100", values.get("item-0-customHours"));
        assertEquals(Integer.valueOf(100), HandoverForm.parse(values).document().items().get(0).windowHours());
    }

    @Test
    void theFormShowsTheFilledRowsPlusThreeEmptyOnesWithTheDefaultAgencyChosen() {
        Map<String, String> values = HandoverForm.values(null, "riverside-hospital");
        values.put("item-1-description", "visit");
        values.put("item-1-window", "custom");
        values.put("item-1-customHours", "100");
        values.put("flag-4-severity", "low");
        List<AgencyRef> agencies = List.of(new AgencyRef(1, "riverside-hospital", "Riverside", "hospital"),
                new AgencyRef(2, "eastside-community", "Eastside", "community"));
        List<HandoverForm.ItemRow> items = HandoverForm.itemRows(values, Map.of("item-1-window", "bad hours"), agencies);
        assertEquals(2 + HandoverForm.EMPTY_ROWS, items.size());
        HandoverForm.ItemRow row = items.get(1);
        assertEquals("(item 2)", row.suffix());
        assertEquals("bad hours", row.window().error());
        assertTrue(row.window().hasError());
        assertEquals("custom", row.windows().stream().filter(HandoverForm.Option::selected).findFirst().orElseThrow().value());
        assertEquals("riverside-hospital", row.agencies().stream().filter(HandoverForm.Option::selected).findFirst().orElseThrow().value());
        assertEquals("24", items.get(0).windows().stream().filter(HandoverForm.Option::selected).findFirst().orElseThrow().value());
        assertEquals(HandoverForm.EMPTY_ROWS, HandoverForm.flagRows(values, Map.of()).size(), "a severity alone does not fill a row");
        assertEquals(HandoverForm.EMPTY_ROWS, HandoverForm.ruleRows(values, Map.of()).size());
    }

    @Test
    void rowNumbersBeyondTheFormOrBeyondAnIntAreIgnoredNotAnError() {
        Map<String, String> in = new HashMap<>();
        in.put("item-200-description", "too far");
        in.put("item-99999999999999999999-description", "overflow");
        in.put("flag-2147483648-medication", "overflow");
        in.put("rule-1x-if", "not a row");
        HandoverForm.Parsed p = HandoverForm.parse(in);
        assertEquals(List.of(), p.document().items());
        assertEquals(List.of(), p.document().flags());
        assertEquals(List.of(), p.document().rules());
        assertEquals(HandoverForm.EMPTY_ROWS, HandoverForm.flagRows(in, Map.of()).size());
        assertEquals(HandoverForm.EMPTY_ROWS, HandoverForm.itemRows(in, Map.of(), List.of()).size());
    }
}
