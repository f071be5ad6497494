package org.carerelay.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.Purpose;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.sql.SqlValues;
import org.carerelay.web.ProblemException;

/**
 * What an identity steward sees of identity exceptions: only what is needed to decide — names,
 * birth dates, which agencies hold a local id for each record and since when. No events, no
 * markers, no clinical content. The queue is audited as a list; each exception opened is audited
 * as a view of every client it shows.
 */
@ApplicationScoped
public class IdentityExceptions {

    static final int OPEN_LIMIT = 200;
    static final int DECIDED_LIMIT = 50;
    static final List<String> FIELDS_SHOWN = List.of("client.givenName", "client.familyName", "client.birthDate", "client.localIdHolders");

    /** One exception in the queue. */
    public record QueueItem(long id, String matchKind, Instant createdAt, String sender, String name, LocalDate birthDate,
            int candidates, String decision, String decidedBy, Instant decidedAt) {
    }

    public record Queue(List<QueueItem> open, List<QueueItem> decided) {
    }

    /** An agency that holds a local id for a record, and since when (never the local id itself). */
    public record Holder(String agency, Instant since) {
    }

    /** One record as the steward compares it. {@code mergedInto}: a steward has since linked it to that client. */
    public record Person(long clientId, String name, LocalDate birthDate, Instant createdAt, List<Holder> holders, Long mergedInto) {
    }

    public record DecisionLine(String decision, String by, Instant at, String reason, Long linkedClientId) {
    }

    public record Detail(long id, String matchKind, String status, String decision, Long linkedClientId, String reason, String sender,
            Instant createdAt, Person provisional, List<Person> candidates, List<DecisionLine> history) {

        public boolean isOpen() {
            return "open".equals(status);
        }
    }

    @Inject
    EntityManager em;

    @Inject
    AccessPolicy access;

    @Inject
    AgencyDirectory agencies;

    @Inject
    AuditLog audit;

    @Transactional
    public Queue queue() {
        access.requireIdentitySteward("identity-exceptions", null);
        List<QueueItem> open = items("x.status = 'open' ORDER BY x.created_at, x.id", OPEN_LIMIT);
        List<QueueItem> decided = items("x.status = 'resolved' ORDER BY x.resolved_at DESC, x.id DESC", DECIDED_LIMIT);
        audit.record(AuditRecord.list("identity-exceptions", Purpose.IDENTITY_RESOLUTION,
                open.size() + " open and " + decided.size() + " decided identity exceptions"));
        return new Queue(open, decided);
    }

    @Transactional
    public Detail detail(long exceptionId) {
        access.requireIdentitySteward(IdentityDecisions.RESOURCE, exceptionId);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT x.id, x.match_kind, x.status, x.decision, x.linked_client_id, x.reason, x.agency_id, x.created_at,
                       x.provisional_client_id, array_to_string(x.candidate_client_ids, ',')
                FROM identity_exception x WHERE x.id = :id""").setParameter("id", exceptionId).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("There is no identity exception " + exceptionId + ".");
        }
        Object[] r = rows.get(0);
        long provisionalId = SqlValues.id(r[8]);
        Person provisional = person(provisionalId);
        List<Person> candidates = new ArrayList<>();
        for (long id : ids((String) r[9])) {
            candidates.add(person(id));
        }
        Detail detail = new Detail(SqlValues.id(r[0]), (String) r[1], (String) r[2], (String) r[3], r[4] == null ? null : SqlValues.id(r[4]),
                (String) r[5], agencyName(SqlValues.id(r[6])), SqlValues.instant(r[7]), provisional, candidates, history(exceptionId));
        audit.record(AuditRecord.view(IdentityDecisions.RESOURCE, exceptionId, provisionalId, List.of(), FIELDS_SHOWN,
                Purpose.IDENTITY_RESOLUTION));
        for (Person candidate : candidates) {
            audit.record(AuditRecord.view(IdentityDecisions.RESOURCE, exceptionId, candidate.clientId(), List.of(), FIELDS_SHOWN,
                    Purpose.IDENTITY_RESOLUTION));
        }
        return detail;
    }

    @SuppressWarnings("unchecked")
    private List<QueueItem> items(String whereAndOrder, int limit) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT x.id, x.match_kind, x.created_at, x.agency_id, c.given_name || ' ' || c.family_name, c.birth_date,
                       cardinality(x.candidate_client_ids), x.decision, x.resolved_by, x.resolved_at
                FROM identity_exception x JOIN client c ON c.id = x.provisional_client_id
                WHERE %s LIMIT :limit""".formatted(whereAndOrder)).setParameter("limit", limit).getResultList();
        return rows.stream().map(r -> new QueueItem(SqlValues.id(r[0]), (String) r[1], SqlValues.instant(r[2]), agencyName(SqlValues.id(r[3])),
                (String) r[4], date(r[5]), ((Number) r[6]).intValue(), (String) r[7], (String) r[8], SqlValues.instant(r[9]))).toList();
    }

    @SuppressWarnings("unchecked")
    private Person person(long clientId) {
        Object[] c = (Object[]) em.createNativeQuery("""
                SELECT given_name || ' ' || family_name, birth_date, created_at, merged_into_client_id FROM client WHERE id = :id""")
                .setParameter("id", clientId).getSingleResult();
        List<Object[]> held = em.createNativeQuery("""
                SELECT agency_id, min(created_at) FROM client_identifier WHERE client_id = :id GROUP BY agency_id ORDER BY min(created_at)""")
                .setParameter("id", clientId).getResultList();
        List<Holder> holders = held.stream().map(h -> new Holder(agencyName(SqlValues.id(h[0])), SqlValues.instant(h[1]))).toList();
        return new Person(clientId, (String) c[0], date(c[1]), SqlValues.instant(c[2]), holders, c[3] == null ? null : SqlValues.id(c[3]));
    }

    @SuppressWarnings("unchecked")
    private List<DecisionLine> history(long exceptionId) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT decision, decided_by, decided_at, reason, linked_client_id FROM identity_decision
                WHERE exception_id = :x ORDER BY id DESC""").setParameter("x", exceptionId).getResultList();
        return rows.stream().map(r -> new DecisionLine((String) r[0], (String) r[1], SqlValues.instant(r[2]), (String) r[3],
                r[4] == null ? null : SqlValues.id(r[4]))).toList();
    }

    private String agencyName(long id) {
        return agencies.find(id).map(AgencyDirectory.AgencyRef::name).orElse("Agency " + id);
    }

    private static LocalDate date(Object value) {
        if (value instanceof LocalDate d) {
            return d;
        }
        return value == null ? null : ((java.sql.Date) value).toLocalDate();
    }

    static List<Long> ids(String commaSeparated) {
        return commaSeparated.isEmpty() ? List.of() : Arrays.stream(commaSeparated.split(",")).map(Long::valueOf).toList();
    }
}
