package org.carerelay.clients;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.AccessPolicy.ClientAccess;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.catalogue.Catalogue;
import org.carerelay.catalogue.EventType;
import org.carerelay.catalogue.FieldDefinition;
import org.carerelay.deliveries.Delivery;
import org.carerelay.deliveries.DeliveryState;
import org.carerelay.deliveries.Outcome;
import org.carerelay.events.SharedEvent;
import org.carerelay.sharing.ConsentRegister;

/**
 * Opens a client's shared record for the signed-in person: the access policy decides, each
 * event shows only the fields the viewer may see (with the reason where withheld), and the view
 * is audited with every field and sensitivity category actually shown. Three queries for the
 * timeline, whatever its length.
 */
@ApplicationScoped
public class ClientRecordService {

    static final int TIMELINE_LIMIT = 100;
    static final java.time.Duration ALREADY_DONE_WINDOW = java.time.Duration.ofDays(14);

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    Catalogue catalogue;

    @Inject
    AgencyDirectory agencies;

    @Inject
    ClientMarkers markers;

    @Inject
    ConsentRegister consent;

    @Inject
    CareRelationships relationships;

    @Inject
    Clock clock;

    @Inject
    ClientStore identities;

    @Transactional
    public ClientRecord open(long clientId) {
        ClientAccess granted = access.requireClientRecord(clientId, "client-record");
        Client client = Client.findById(clientId);
        List<SharedEvent> events = SharedEvent.find("clientId = ?1 order by occurredAt desc, id desc", clientId)
                .page(0, TIMELINE_LIMIT).list();
        List<Long> eventIds = events.stream().map(e -> e.id).toList();
        Map<Long, List<Delivery>> deliveriesByEvent = eventIds.isEmpty() ? Map.of()
                : Delivery.<Delivery>list("eventId in ?1 order by id", eventIds).stream().collect(Collectors.groupingBy(d -> d.eventId));
        Instant now = clock.instant();
        Set<String> fieldsShown = new LinkedHashSet<>();
        Set<String> sensitivityShown = new LinkedHashSet<>();
        List<ClientRecord.TimelineEvent> timeline = new ArrayList<>();
        List<ClientRecord.AlreadyDone> alreadyDone = new ArrayList<>();
        Instant recent = now.minus(ALREADY_DONE_WINDOW);
        for (SharedEvent event : events) {
            EventType type = catalogue.version(event.eventTypeId);
            List<Delivery> deliveries = deliveriesByEvent.getOrDefault(event.id, List.of());
            Delivery mine = deliveries.stream().filter(d -> d.recipientAgencyId == granted.agencyId()).findFirst().orElse(null);
            AccessPolicy.EventFields visible = access.eventFields(granted.agencyId(), granted.viaBreakGlass(), event, type, mine);
            List<ClientRecord.Field> fields = new ArrayList<>();
            for (FieldDefinition field : type.fields) {
                if (visible.fields().contains(field.name())) {
                    fields.add(new ClientRecord.Field(field.name(), field.label(), display(field, event.data.get(field.name()))));
                    fieldsShown.add(type.code + "." + field.name());
                }
            }
            if (!fields.isEmpty()) {
                sensitivityShown.add(type.sensitivity);
            }
            if (type.code.equals("FOLLOW_UP_COMPLETED") && event.sourceAgencyId != granted.agencyId() && event.occurredAt.isAfter(recent)) {
                alreadyDone.add(new ClientRecord.AlreadyDone(agencyName(event.sourceAgencyId), "Follow-up contact",
                        DeliveryState.COMPLETED.code, event.occurredAt));
            }
            for (Delivery d : deliveries) {
                if (d.recipientAgencyId != granted.agencyId() && Outcome.ACTIONED.code.equals(d.outcome) && d.completedAt != null
                        && d.completedAt.isAfter(recent)) {
                    alreadyDone.add(new ClientRecord.AlreadyDone(agencyName(d.recipientAgencyId), type.title, Outcome.ACTIONED.code,
                            d.completedAt));
                }
            }
            timeline.add(new ClientRecord.TimelineEvent(event.id, type.code, type.title, type.meaning, agencyName(event.sourceAgencyId),
                    event.occurredAt, event.urgency, fields, visible.withheldReason(), deliveries.stream().map(d -> new ClientRecord.DeliveryLine(
                            d.id, agencyName(d.recipientAgencyId), DeliveryState.of(d.state).map(s -> s.label).orElse(d.state),
                            d.ownerUsername, d.dueAt, d.isOverdue(now), d.outcome == null ? null : Outcome.of(d.outcome).map(o -> o.label).orElse(d.outcome)))
                            .toList()));
        }
        List<String> localIds = identities.localIdsByAgency(clientId);
        List<ClientRecord.ConsentLine> consentLines = consent.history(clientId).stream().map(c -> new ClientRecord.ConsentLine(
                c.recipientAgencyId() == null ? "All agencies" : agencyName(c.recipientAgencyId()), c.category().replace('_', ' '),
                c.status(), c.recordedBy(), c.recordedAt())).toList();
        Instant until = granted.viaBreakGlass() ? granted.breakGlass().expiresAt() : null;
        audit.record(AuditRecord.view("client-record", clientId, clientId, List.copyOf(sensitivityShown), List.copyOf(fieldsShown),
                granted.purpose()));
        return new ClientRecord(client.id, client.givenName, client.familyName, client.birthDate, localIds, markers.active(clientId),
                timeline, alreadyDone.stream().sorted((a, b) -> b.at().compareTo(a.at())).toList(), consentLines,
                granted.viaBreakGlass(), until, relationships.awaitingIdentityCheck(clientId));
    }

    private String agencyName(long id) {
        return agencies.find(id).map(AgencyDirectory.AgencyRef::name).orElse("Agency " + id);
    }

    static String display(FieldDefinition field, Object value) {
        try {
            switch (field.fieldType()) {
                case DATETIME -> {
                    return org.carerelay.web.TemplateFormats.local(Instant.parse(String.valueOf(value)));
                }
                case DATE -> {
                    return org.carerelay.web.TemplateFormats.readable(java.time.LocalDate.parse(String.valueOf(value)));
                }
                default -> {
                    return display(value);
                }
            }
        } catch (java.time.format.DateTimeParseException e) {
            return display(value);
        }
    }

    static String display(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining("; "));
        }
        if (value instanceof Boolean b) {
            return b ? "Yes" : "No";
        }
        String text = String.valueOf(value);
        return text.matches("[a-z]+(_[a-z]+)+") ? text.replace('_', ' ') : text;
    }
}
