package org.carerelay.fhir.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import org.carerelay.sql.AdvisoryLock;
import org.carerelay.sql.Row;

/** The SQL of the FHIR writes: partners' business identifiers (conditional create), and what a created event became. */
@ApplicationScoped
public class IntakeStore {

    /** An event as a create answers it: its client, its kind, and its deliveries (id and recipient), oldest first. */
    record EventRow(long eventId, long clientId, String urgency) {
    }

    record DeliveryRow(long deliveryId, String agency) {
    }

    @Inject
    EntityManager em;

    /** Serialises creates that name the same identifier, so that two concurrent conditional creates make one event. */
    void lockIdentifier(long agencyId, String system, String value) {
        AdvisoryLock.takeFor(em, "fhir-identifier:" + agencyId + ":" + system + "|" + value);
    }

    Optional<Long> eventWithIdentifier(long agencyId, String system, String value) {
        return Row.first(Row.query(em, """
                SELECT event_id FROM fhir_business_identifier WHERE agency_id = :agency AND system = :system AND value = :value""")
                .setParameter("agency", agencyId).setParameter("system", system).setParameter("value", value)).map(r -> r.id("event_id"));
    }

    /** Records an identifier for the event; false when the agency already used it for another event. */
    boolean addIdentifier(long agencyId, String system, String value, long eventId) {
        return em.createNativeQuery("""
                INSERT INTO fhir_business_identifier (agency_id, system, value, event_id) VALUES (:agency, :system, :value, :event)
                ON CONFLICT DO NOTHING""").setParameter("agency", agencyId).setParameter("system", system).setParameter("value", value)
                .setParameter("event", eventId).executeUpdate() == 1;
    }

    EventRow event(long eventId) {
        return Row.first(Row.query(em, "SELECT id, client_id, urgency FROM shared_event WHERE id = :id").setParameter("id", eventId))
                .map(r -> new EventRow(r.id("id"), r.id("client_id"), r.text("urgency"))).orElseThrow();
    }

    List<DeliveryRow> deliveries(long eventId) {
        return Row.all(Row.query(em, """
                SELECT d.id, a.slug FROM delivery d JOIN agency a ON a.id = d.recipient_agency_id WHERE d.event_id = :event ORDER BY d.id""")
                .setParameter("event", eventId)).stream().map(r -> new DeliveryRow(r.id("id"), r.text("slug"))).toList();
    }

    /** The handover an event shares, when it is a discharge handover's. */
    Optional<Long> handoverOf(long eventId) {
        return Row.first(Row.query(em, "SELECT id FROM handover WHERE event_id = :event").setParameter("event", eventId)).map(r -> r.id("id"));
    }

    /** The caller agency's local identifier for a client, if it has one. */
    Optional<String> localId(long clientId, long agencyId) {
        return Row.first(Row.query(em, "SELECT local_id FROM client_identifier WHERE client_id = :client AND agency_id = :agency ORDER BY local_id")
                .setParameter("client", clientId).setParameter("agency", agencyId)).map(r -> r.text("local_id"));
    }
}
