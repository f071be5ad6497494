package org.carerelay.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.carerelay.events.EventIngest;
import org.carerelay.harness.CareRelayStack;
import org.carerelay.harness.Exchange;
import org.carerelay.harness.TestDatabase;
import org.carerelay.sharing.AgreementRegister;
import org.carerelay.sharing.LegalBasis;
import org.junit.jupiter.api.Test;

/** A change to a type's dataset makes a new version; an event keeps the version it was validated against. */
@QuarkusTest
@WithTestResource(CareRelayStack.class)
class CatalogueVersioningTest {

    @Inject
    Catalogue catalogue;

    @Inject
    Exchange exchange;

    @Inject
    AgreementRegister agreements;

    static Catalogue.Definition pilot(List<FieldDefinition> fields) {
        return new Catalogue.Definition("PILOT_CHECK_IN", "housing_welfare", "Pilot check-in", "A pilot event type.",
                "Nothing to do.", "information_only", 48, "general", List.of(), List.of(), fields);
    }

    @Test
    void changedDatasetMakesANewVersionAndOldEventsKeepTheirs() {
        FieldDefinition note = new FieldDefinition("note", "Note", "text", true, null);
        catalogue.publishAll(List.of(pilot(List.of(note))));
        catalogue.publishAll(List.of(pilot(List.of(note))));
        EventType v1 = catalogue.current("PILOT_CHECK_IN").orElseThrow();
        assertEquals(1, v1.version, "publishing the same content again changes nothing");
        agreements.register(new AgreementRegister.Terms("PILOT-TEST", "Pilot", exchange.agency("northgate-housing"),
                exchange.agency("county-welfare"), LegalBasis.CARE_COORDINATION, "Pilot", LocalDate.now().plusYears(1), true,
                Map.of("PILOT_CHECK_IN", List.of())));
        EventIngest.Result before = exchange.share("northgate-housing", "PILOT_CHECK_IN", Exchange.newPerson(), Map.of("note", "hello"));

        FieldDefinition mood = new FieldDefinition("mood", "Mood", "enum", false, List.of("ok", "low"));
        catalogue.publishAll(List.of(pilot(List.of(note, mood))));
        EventType v2 = catalogue.current("PILOT_CHECK_IN").orElseThrow();
        assertEquals(2, v2.version);
        assertFalse(catalogue.version(v1.id).current, "the old version is kept, no longer current");
        assertTrue(v2.current);

        EventIngest.Result after = exchange.share("northgate-housing", "PILOT_CHECK_IN", Exchange.newPerson(), Map.of("note", "hi", "mood", "ok"));
        assertEquals(v1.id, TestDatabase.number("SELECT event_type_id FROM shared_event WHERE id = ?", before.eventId()));
        assertEquals(v2.id, TestDatabase.number("SELECT event_type_id FROM shared_event WHERE id = ?", after.eventId()));
    }
}
