package org.carerelay.deliveries;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.catalogue.Catalogue;
import org.carerelay.catalogue.EventType;
import org.carerelay.clients.Client;
import org.carerelay.events.EventIngest;
import org.carerelay.events.SharedEvent;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.Purpose;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;

/**
 * What a recipient may see of one delivery: the client's shared identity, the event's type and
 * time, and only the fields the access policy allows (agreement fields, consent in force now: a
 * withdrawal takes effect at once). A minimum notice carries no event fields.
 */
@ApplicationScoped
public class DeliveryDetails {

    public record ClientIdentity(long id, String givenName, String familyName, LocalDate birthDate) {
    }

    public record Details(long id, long eventId, String type, int typeVersion, String title, String sourceAgency,
            String sourceAgencyName, ClientIdentity client, Instant occurredAt, String urgency, String state, String owner,
            Instant dueAt, String outcome, String outcomeReason, boolean minimumNotice, String withheldReason,
            Map<String, Object> data, List<String> withheldFields, int version) {
    }

    @Inject
    Catalogue catalogue;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    AgencyDirectory agencies;

    /** A partner system's read of one delivery: access checked, fields filtered, the view audited. */
    public Details forPartner(long deliveryId, long callerAgencyId) {
        access.requireOwnDelivery(deliveryId, callerAgencyId);
        Delivery d = Delivery.findById(deliveryId);
        Details details = of(d);
        EventType type = catalogue.version(SharedEvent.<SharedEvent>findById(d.eventId).eventTypeId);
        // TYPE.field, as every view records it: the data-point value report counts these
        audit.record(AuditRecord.view("delivery", d.id, d.clientId, List.of(type.sensitivity),
                details.data().keySet().stream().map(field -> type.code + "." + field).toList(), Purpose.PARTNER_SYSTEM));
        return details;
    }

    /** What the delivery's recipient agency may see of it (no audit: callers audit what they show). */
    public Details of(Delivery d) {
        SharedEvent event = SharedEvent.findById(d.eventId);
        EventType type = catalogue.version(event.eventTypeId);
        Client client = Client.findById(d.clientId);
        AccessPolicy.EventFields fields = access.eventFields(d.recipientAgencyId, false, event, type, d);
        Map<String, Object> data = EventIngest.visibleData(event, fields.fields().toArray(String[]::new));
        List<String> withheldFields = type.fieldNames().stream().filter(f -> !fields.fields().contains(f)).toList();
        AgencyDirectory.AgencyRef source = agencies.find(event.sourceAgencyId).orElseThrow();
        return new Details(d.id, event.id, type.code, type.version, type.title, source.slug(), source.name(),
                new ClientIdentity(client.id, client.givenName, client.familyName, client.birthDate), event.occurredAt,
                d.urgency, d.state, d.ownerUsername, d.dueAt, d.outcome, d.outcomeReason, fields.minimumNotice(),
                fields.withheldReason(), data, withheldFields, d.version);
    }
}
