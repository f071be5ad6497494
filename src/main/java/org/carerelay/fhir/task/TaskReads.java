package org.carerelay.fhir.task;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.Purpose;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.catalogue.Catalogue;
import org.carerelay.catalogue.EventType;
import org.carerelay.fhir.FhirStore;
import org.carerelay.fhir.FhirStore.DeliveryWithEvent;
import org.hl7.fhir.r4.model.Task;

/**
 * Deliveries as Tasks for a partner system: its agency's own deliveries (as recipient, the owner)
 * and those of the events it sent (as source, the requester). Reads are audited; anything else is
 * 404, audited.
 */
@ApplicationScoped
public class TaskReads {

    public static final String AUDIT_TYPE = "fhir/Task";

    /** A page of Tasks, and where the next page starts (null on the last page). */
    public record Page(List<Task> tasks, Long next) {
    }

    @Inject
    FhirStore store;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    Catalogue catalogue;

    @Inject
    AgencyDirectory agencies;

    @Transactional
    public Task read(long id, long callerAgencyId) {
        String notFound = "No Task " + id + " for your agency.";
        DeliveryWithEvent found = store.delivery(id)
                .orElseThrow(() -> access.refuseForPartner(AUDIT_TYPE, id, null, "no such delivery", notFound));
        access.requireDeliveryParty(found.delivery(), found.event(), callerAgencyId, AUDIT_TYPE, notFound);
        Task task = map(List.of(found)).get(0);
        EventType type = catalogue.version(found.event().eventTypeId);
        audit.record(AuditRecord.view(AUDIT_TYPE, id, found.delivery().clientId, List.of(type.sensitivity), List.of(),
                Purpose.PARTNER_SYSTEM));
        return task;
    }

    @Transactional
    public Page search(FhirStore.TaskQuery query, String described) {
        List<DeliveryWithEvent> found = store.deliveries(query);
        List<Task> tasks = map(found);
        audit.record(AuditRecord.list(AUDIT_TYPE, Purpose.PARTNER_SYSTEM, described + "; " + tasks.size() + " returned"));
        Long next = found.size() == query.limit() ? found.get(found.size() - 1).delivery().id : null;
        return new Page(tasks, next);
    }

    /** The Task as it is now, for an update to compare against (not audited: the update is). */
    Task current(DeliveryWithEvent found) {
        return map(List.of(found)).get(0);
    }

    private List<Task> map(List<DeliveryWithEvent> found) {
        Map<Long, java.time.Instant> changes = store.lastChanges(found.stream().map(f -> f.delivery().id).toList());
        Map<Long, Long> handovers = store.handoversByEvent(found.stream().map(f -> f.event().id).distinct().toList());
        return found.stream().map(f -> TaskMapper.toFhir(new TaskMapper.Source(f.delivery(), f.event(),
                catalogue.version(f.event().eventTypeId), agencies.find(f.event().sourceAgencyId).orElseThrow(),
                agencies.find(f.delivery().recipientAgencyId).orElseThrow(),
                changes.getOrDefault(f.delivery().id, f.delivery().createdAt), handovers.get(f.event().id)))).toList();
    }
}
