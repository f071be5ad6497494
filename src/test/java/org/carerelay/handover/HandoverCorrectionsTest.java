package org.carerelay.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.carerelay.events.EventIngest;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.Exchange;
import org.carerelay.harness.TestDatabase;
import org.carerelay.web.ProblemException;
import org.junit.jupiter.api.Test;

/** Corrections: a new linked version, the old one superseded, its open queries corrected; same values or a second correction store nothing. */
@QuarkusTest
@WithTestResource(CareRelayStack.class)
class HandoverCorrectionsTest {

    @Inject
    HandoverService handovers;

    @Inject
    HandoverCorrections corrections;

    @Inject
    Exchange exchange;

    EventIngest.Submitter riverside() {
        return new EventIngest.Submitter("nurse.riverside", exchange.agency("riverside-hospital"));
    }

    static HandoverDocument document(String severity, boolean withItems) {
        return new HandoverDocument(new HandoverDocument.Person("RIV-" + UUID.randomUUID(), "Ada", "Corrected", "1950-03-04"), "2026-11-24",
                "home_with_support", "urgent_review", "Fall at home.", List.of(new HandoverDocument.MedicationFlag("Warfarin", "Bleeding", severity)),
                "Walks with a frame.", List.of("Home safety check"), null, null, null,
                withItems ? List.of(new HandoverDocument.ActionItem("Home visit", 48, "eastside-community")) : null);
    }

    static HandoverDocument withSeverity(HandoverDocument d, String severity, boolean withItems) {
        return new HandoverDocument(d.client(), d.dischargeDate(), d.dischargeRecommendation(), d.urgency(), d.triageNotes(),
                List.of(new HandoverDocument.MedicationFlag("Warfarin", "Bleeding", severity)), d.mobilityConcerns(), d.followUpNeeds(),
                d.unresolvedConcerns(), d.symptomReporting(), d.escalationRules(),
                withItems ? List.of(new HandoverDocument.ActionItem("Home visit", 48, "eastside-community")) : null);
    }

    @Test
    void aCorrectionIsANewLinkedVersionAndCorrectsTheOpenQueries() {
        Handover v1 = handovers.submit(document("medium", false), riverside());
        assertTrue(v1.incomplete);
        long eastside = exchange.agency("eastside-community");
        TestDatabase.execute("""
                INSERT INTO handover_query (handover_id, field, kind, text, raised_by, raised_by_agency_id, raised_at)
                VALUES (?, 'medicationRiskFlags', 'wrong', 'Severity?', 'responder.eastside', ?, now())""", v1.id, eastside);
        assertEquals(2, TestDatabase.number("SELECT count(*) FROM handover_query WHERE handover_id = ? AND status = 'open'", v1.id));

        // Same values (blank and empty parts count as absent): nothing stored.
        long before = TestDatabase.number("SELECT count(*) FROM handover");
        HandoverCorrections.Result same = corrections.correct(v1.id, withSeverity(v1.document, "medium", false), "no change", riverside());
        assertNull(same.corrected());
        assertTrue(same.message().contains("Nothing changed"));
        // Bad values and a missing note: 400, nothing stored.
        ProblemException bad = assertThrows(ProblemException.class,
                () -> corrections.correct(v1.id, withSeverity(v1.document, "extreme", true), "why", riverside()));
        assertEquals(400, bad.status);
        ProblemException noNote = assertThrows(ProblemException.class,
                () -> corrections.correct(v1.id, withSeverity(v1.document, "high", true), " ", riverside()));
        assertEquals("note", noNote.errors.get(0).field());
        assertEquals(before, TestDatabase.number("SELECT count(*) FROM handover"));

        Handover v2 = corrections.correct(v1.id, withSeverity(v1.document, "high", true), "Severity raised; home visit added.", riverside())
                .corrected();
        assertNotNull(v2);
        assertEquals(2, v2.version);
        assertEquals(v1.id, v2.previousId);
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM handover WHERE id = ? AND status = 'superseded'", v1.id));
        assertEquals(2, TestDatabase.number("SELECT count(*) FROM handover_query WHERE handover_id = ? AND status = 'corrected' "
                + "AND correction_handover_id = ?", v1.id, v2.id), "the raised query and the automatic 'missing' one");
        assertEquals(0, TestDatabase.number("SELECT count(*) FROM handover_query WHERE handover_id = ?", v2.id), "v2 is complete");
        assertEquals(1, TestDatabase.number("SELECT count(*) FROM handover_action_item WHERE handover_id = ?", v2.id));

        // A second correction of version 1: 409, nothing stored.
        ProblemException again = assertThrows(ProblemException.class,
                () -> corrections.correct(v1.id, withSeverity(v1.document, "low", true), "again", riverside()));
        assertEquals(409, again.status);
        assertTrue(again.getMessage().contains("already corrected"));
        // Another agency cannot correct it: 404.
        ProblemException foreign = assertThrows(ProblemException.class, () -> corrections.correct(v2.id, withSeverity(v2.document, "low", true),
                "x", new EventIngest.Submitter("officer.northgate", exchange.agency("northgate-housing"))));
        assertEquals(404, foreign.status);
    }
}
