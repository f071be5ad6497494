package org.carerelay.worklist;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.clock.NetworkTimeZone;
import org.carerelay.deliveries.DeliveryState;

/**
 * Reads an agency's worklist: deliveries by urgency then due time (keyset paged along the
 * delivery_worklist index), the bucket counts, and single rows for live refresh. Four queries
 * per page whatever its size: rows, counts, latest notes, next handover actions.
 */
@ApplicationScoped
public class WorklistService {

    public static final int PAGE_SIZE = 25;

    /** The bucket counts; each stops at {@link #CAP} and then reads "1,000+". */
    public record Counts(long overdue, long dueToday, long fresh, long inProgress) {
        public static final int CAP = 1000;

        public String shown(long count) {
            return count >= CAP ? "1,000+" : Long.toString(count);
        }
    }

    public record WorklistPage(List<WorklistRow> rows, Counts counts, String next, Instant renderedAt) {
    }

    @Inject
    WorklistStore store;

    @Inject
    AgencyDirectory agencies;

    @Inject
    Clock clock;

    @Inject
    NetworkTimeZone network;

    @Transactional
    public WorklistPage page(long agencyId, String username, WorklistFilter f) {
        Instant now = clock.instant();
        WorklistFilter.Cursor cursor = f.after() == null ? null : WorklistFilter.Cursor.decode(f.after());
        List<WorklistStore.Line> lines = store.page(agencyId, username, f, cursor, now, endOfDay(now), PAGE_SIZE + 1);
        boolean more = lines.size() > PAGE_SIZE;
        List<WorklistStore.Line> pageLines = more ? lines.subList(0, PAGE_SIZE) : lines;
        List<WorklistRow> rows = toRows(agencyId, pageLines, now);
        String next = null;
        if (more) {
            WorklistStore.Line last = pageLines.get(pageLines.size() - 1);
            next = new WorklistFilter.Cursor(last.urgencyRank(), f.completed() ? last.completedAt() : last.dueAt(), last.id()).encode();
        }
        return new WorklistPage(rows, counts(agencyId, now), next, now);
    }

    /** One row, for an in-place refresh; null when it is not this agency's. */
    @Transactional
    public WorklistRow row(long agencyId, long deliveryId) {
        List<WorklistStore.Line> lines = store.one(agencyId, deliveryId);
        return lines.isEmpty() ? null : toRows(agencyId, lines, clock.instant()).get(0);
    }

    /** Deliveries that reached the agency after the page was drawn (for the "N new" banner). */
    @Transactional
    public long arrivedSince(long agencyId, Instant since) {
        return store.arrivedSince(agencyId, since);
    }

    Counts counts(long agencyId, Instant now) {
        // each count reads at most Counts.CAP index entries (delivery_open_by_due, delivery_open_state)
        WorklistStore.BucketCounts c = store.counts(agencyId, now, endOfDay(now), Counts.CAP);
        return new Counts(c.overdue(), c.dueToday(), c.fresh(), c.inProgress());
    }

    private List<WorklistRow> toRows(long agencyId, List<WorklistStore.Line> lines, Instant now) {
        Map<Long, String> notes = store.latestNotes(lines.stream().map(WorklistStore.Line::id).toList());
        Map<Long, WorklistStore.NextAction> handovers = store.nextHandoverActions(agencyId,
                lines.stream().map(WorklistStore.Line::eventId).distinct().toList());
        List<WorklistRow> rows = new ArrayList<>();
        for (WorklistStore.Line l : lines) {
            WorklistStore.NextAction next = handovers.get(l.eventId());
            rows.add(new WorklistRow(l.id(), l.version(), l.clientId(), l.clientName(), l.typeCode(), l.title(), l.meaning(),
                    agencies.find(l.sourceAgencyId()).map(AgencyDirectory.AgencyRef::name).orElse(""), l.createdAt(), l.dueAt(),
                    l.urgency(), l.state().code, l.owner(), l.outcome(), l.state() != DeliveryState.COMPLETED && now.isAfter(l.dueAt()),
                    notes.get(l.id()), null, false, next == null ? null : next.handoverId(), next == null ? null : next.description(),
                    next == null ? null : next.dueAt(), l.awaitingIdentityCheck()));
        }
        return rows;
    }

    private Instant endOfDay(Instant now) {
        ZoneId z = network.timeZone();
        return LocalDate.ofInstant(now, z).plusDays(1).atStartOfDay(z).toInstant();
    }
}
