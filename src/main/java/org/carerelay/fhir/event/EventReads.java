package org.carerelay.fhir.event;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.Purpose;
import org.carerelay.audit.AuditRecord;
import org.carerelay.catalogue.Catalogue;
import org.carerelay.catalogue.EventType;
import org.carerelay.deliveries.Delivery;
import org.carerelay.deliveries.DeliveryState;
import org.carerelay.events.EventIngest;
import org.carerelay.events.SharedEvent;
import java.util.Optional;
import org.carerelay.fhir.PartnerReads;
import org.hl7.fhir.r4.model.DomainResource;

/**
 * Events as ServiceRequest or Communication for a partner system whose agency has a care relationship
 * with the client. The fields are exactly those {@code AccessPolicy.eventFields} allows the agency (as
 * the client record shows them): the source sees what it sent, a recipient its agreement's fields
 * with consent in force now, anyone else none. Each read is audited with the fields it returned.
 */
@ApplicationScoped
public class EventReads extends PartnerReads {

    static final int SEARCH_LIMIT = 100;

    @Inject
    Catalogue catalogue;

    public static String auditType(EventKind kind) {
        return "fhir/" + kind.resourceType;
    }

    @Transactional
    public DomainResource read(EventKind kind, long id, long callerAgencyId) {
        String notFound = "No " + kind.resourceType + " " + id + " for your agency.";
        SharedEvent event = found(Optional.ofNullable(SharedEvent.<SharedEvent>findById(id)), auditType(kind), id, "no such event", notFound);
        requireClient(event.clientId, callerAgencyId, auditType(kind), id, notFound);
        if (EventKind.of(event) != kind) {
            EventKind other = EventKind.of(event);
            throw access.refuseForPartner(auditType(kind), id, event.clientId, "the event is a " + other.resourceType,
                    notFound + " Event " + id + " is read as " + other.resourceType + "/" + id + ".");
        }
        Mapped mapped = map(event, callerAgencyId);
        audit.record(AuditRecord.view(auditType(kind), id, event.clientId, mapped.sensitivity(), mapped.fieldsShown(),
                Purpose.PARTNER_SYSTEM));
        return mapped.resource();
    }

    /** The client's events of this kind (newest first, at most 100), each with the fields the caller may see. */
    @Transactional
    public List<DomainResource> search(EventKind kind, long clientId, long callerAgencyId) {
        requireClient(clientId, callerAgencyId, auditType(kind), null, "No Patient " + clientId + " for your agency.");
        List<DomainResource> found = new ArrayList<>();
        Set<String> sensitivity = new LinkedHashSet<>();
        Set<String> fields = new LinkedHashSet<>();
        for (SharedEvent event : store.eventsOfClient(clientId, SEARCH_LIMIT)) {
            if (EventKind.of(event) == kind) {
                Mapped mapped = map(event, callerAgencyId);
                found.add(mapped.resource());
                sensitivity.addAll(mapped.sensitivity());
                fields.addAll(mapped.fieldsShown());
            }
        }
        audit.record(AuditRecord.view(auditType(kind), null, clientId, List.copyOf(sensitivity), List.copyOf(fields),
                Purpose.PARTNER_SYSTEM));
        return found;
    }

    record Mapped(DomainResource resource, List<String> sensitivity, List<String> fieldsShown) {
    }

    private Mapped map(SharedEvent event, long callerAgencyId) {
        EventType type = catalogue.version(event.eventTypeId);
        List<Delivery> deliveries = store.deliveriesOfEvent(event.id);
        boolean source = event.sourceAgencyId == callerAgencyId;
        Delivery mine = deliveries.stream().filter(d -> d.recipientAgencyId == callerAgencyId).findFirst().orElse(null);
        AccessPolicy.EventFields visible = access.eventFields(callerAgencyId, false, event, type, mine);
        Map<String, Object> data = EventIngest.visibleData(event, visible.fields().toArray(String[]::new));
        // who it went to, as far as the caller may know: the source sees every recipient, a recipient itself
        List<Delivery> known = source ? deliveries : mine == null ? List.of() : List.of(mine);
        boolean completed = !known.isEmpty() && known.stream().allMatch(d -> d.deliveryState() == DeliveryState.COMPLETED);
        DomainResource resource = EventMapper.toFhir(new EventMapper.Source(event, type, agency(event.sourceAgencyId),
                known.stream().map(d -> agency(d.recipientAgencyId)).toList(), data, visible.withheldReason(), completed));
        List<String> shown = data.keySet().stream().map(f -> type.code + "." + f).toList();
        return new Mapped(resource, shown.isEmpty() ? List.of() : List.of(type.sensitivity), shown);
    }
}
