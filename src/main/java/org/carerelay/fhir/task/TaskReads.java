package org.carerelay.fhir.task;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import org.carerelay.access.Purpose;
import org.carerelay.audit.AuditRecord;
import org.carerelay.catalogue.Catalogue;
import org.carerelay.catalogue.EventType;
import org.carerelay.fhir.Bundles;
import org.carerelay.fhir.FhirStore;
import org.carerelay.fhir.Bundles;
import org.carerelay.fhir.PartnerReads;
import org.carerelay.fhir.Bundles;
import org.carerelay.fhir.FhirStore.DeliveryWithEvent;
import org.hl7.fhir.r4.model.Task;

/**
 * Deliveries as Tasks for a partner system: its agency's own deliveries (as recipient, the owner)
 * and those of the events it sent (as source, the requester). Reads are audited; anything else is
 * 404, audited.
 */
@ApplicationScoped
public class TaskReads extends PartnerReads {

    public static final String AUDIT_TYPE = "fhir/Task";

    @Inject
    Catalogue catalogue;

    @Transactional
    public Task read(long id, long callerAgencyId) {
        String notFound = "No Task " + id + " for your agency.";
        DeliveryWithEvent found = found(store.delivery(id), AUDIT_TYPE, id, "no such delivery", notFound);
        access.requireDeliveryParty(found.delivery(), found.event(), callerAgencyId, AUDIT_TYPE, notFound);
        Task task = map(List.of(found)).get(0);
        EventType type = catalogue.version(found.event().eventTypeId);
        audit.record(AuditRecord.view(AUDIT_TYPE, id, found.delivery().clientId, List.of(type.sensitivity), List.of(),
                Purpose.PARTNER_SYSTEM));
        return task;
    }

    @Transactional
    public Bundles.Page<Task> search(FhirStore.TaskQuery query, String described) {
        List<DeliveryWithEvent> found = store.deliveries(query);
        List<Task> tasks = map(found);
        listed(AUDIT_TYPE, described, tasks.size());
        return Bundles.Page.of(found, query.limit(), f -> f.delivery().id, tasks);
    }

    /** The Task as it is now, for an update to compare against (not audited: the update is). */
    Task current(DeliveryWithEvent found) {
        return map(List.of(found)).get(0);
    }

    private List<Task> map(List<DeliveryWithEvent> found) {
        Map<Long, java.time.Instant> changes = store.lastChanges(found.stream().map(f -> f.delivery().id).toList());
        Map<Long, Long> handovers = store.handoversByEvent(found.stream().map(f -> f.event().id).distinct().toList());
        return found.stream().map(f -> TaskMapper.toFhir(new TaskMapper.Source(f.delivery(), f.event(),
                catalogue.version(f.event().eventTypeId), agency(f.event().sourceAgencyId), agency(f.delivery().recipientAgencyId),
                changes.getOrDefault(f.delivery().id, f.delivery().createdAt), handovers.get(f.event().id)))).toList();
    }
}
