package org.carerelay.handover;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.carerelay.access.Purpose;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.sql.AdvisoryLock;

/**
 * Escalates open handover action items past their due time to the responsible agency's team lead:
 * {@code escalated_at} is set once, with a write entry in the audit trail. Called by the delivery
 * escalation job on each run; the same pattern: a transaction-scoped advisory lock per batch, rows
 * locked with {@code FOR UPDATE SKIP LOCKED}, {@code escalated_at IS NULL} re-checked under the lock.
 */
@ApplicationScoped
public class HandoverItemEscalation {

    static final int BATCH_SIZE = 500;

    /** An open action item of the agency past due or escalated, for the team lead's page. */
    public record OverdueAction(long itemId, long handoverId, long clientId, String clientName, String description, Instant dueAt,
            Instant escalatedAt) {
    }

    @Inject
    EntityManager em;

    @Inject
    HandoverStore store;

    @Inject
    AuditLog audit;

    /** Escalates what is overdue at {@code now}; returns how many items this call escalated. */
    public int runOnce(Instant now) {
        int total = 0;
        while (true) {
            Integer done = QuarkusTransaction.requiringNew().call(() -> escalateBatch(now));
            if (done == null) {
                break;
            }
            total += done;
            if (done < BATCH_SIZE) {
                break;
            }
        }
        return total;
    }

    /** One batch under {@link AdvisoryLock#HANDOVER_ITEM_ESCALATION}; null when another instance holds it. */
    Integer escalateBatch(Instant now) {
        if (!AdvisoryLock.HANDOVER_ITEM_ESCALATION.tryTake(em)) {
            return null;
        }
        List<HandoverStore.EscalatedItem> escalated = store.escalateOverdue(now, BATCH_SIZE);
        for (HandoverStore.EscalatedItem item : escalated) {
            audit.recordInTransaction(AuditRecord.write("handover-action-item", item.id(), item.clientId(), Purpose.CARE_DELIVERY,
                    "escalate (overdue since " + item.dueAt().truncatedTo(ChronoUnit.SECONDS) + ")"));
        }
        return escalated.size();
    }

    /** Open action items of the agency that are past due or escalated, most overdue first (current versions only). */
    public List<OverdueAction> overdueFor(long agencyId, Instant now, int limit) {
        return store.overdueFor(agencyId, now, limit);
    }
}
