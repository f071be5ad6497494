package org.carerelay.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.Purpose;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
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
            return ExceptionStatus.OPEN.code.equals(status);
        }

        /** The decision in force links the records as one person. */
        public boolean samePerson() {
            return Decision.SAME_PERSON.code.equals(decision);
        }
    }

    @Inject
    IdentityStore store;

    @Inject
    AccessPolicy access;

    @Inject
    AgencyDirectory agencies;

    @Inject
    AuditLog audit;

    @Transactional
    public Queue queue() {
        access.requireIdentitySteward("identity-exceptions", null);
        List<QueueItem> open = items(ExceptionStatus.OPEN, OPEN_LIMIT);
        List<QueueItem> decided = items(ExceptionStatus.RESOLVED, DECIDED_LIMIT);
        audit.record(AuditRecord.list("identity-exceptions", Purpose.IDENTITY_RESOLUTION,
                open.size() + " open and " + decided.size() + " decided identity exceptions"));
        return new Queue(open, decided);
    }

    @Transactional
    public Detail detail(long exceptionId) {
        access.requireIdentitySteward(IdentityDecisions.RESOURCE, exceptionId);
        IdentityStore.ExceptionRow x = store.exception(exceptionId)
                .orElseThrow(() -> ProblemException.notFound("There is no identity exception " + exceptionId + "."));
        Person provisional = person(x.provisionalClientId());
        List<Person> candidates = x.candidates().stream().map(this::person).toList();
        Detail detail = new Detail(x.id(), x.matchKind(), x.status().code, x.decision().map(d -> d.code).orElse(null),
                x.linkedClientId(), x.reason(), agencyName(x.agencyId()), x.createdAt(), provisional, candidates, history(exceptionId));
        for (long clientId : Stream.concat(Stream.of(provisional), candidates.stream()).map(Person::clientId).toList()) {
            audit.record(AuditRecord.view(IdentityDecisions.RESOURCE, exceptionId, clientId, List.of(), FIELDS_SHOWN,
                    Purpose.IDENTITY_RESOLUTION));
        }
        return detail;
    }

    private List<QueueItem> items(ExceptionStatus status, int limit) {
        return store.queue(status, limit).stream().map(x -> new QueueItem(x.id(), x.matchKind(), x.createdAt(), agencyName(x.agencyId()),
                x.name(), x.birthDate(), x.candidates(), x.decision().map(d -> d.code).orElse(null), x.resolvedBy(), x.resolvedAt()))
                .toList();
    }

    private Person person(long clientId) {
        IdentityStore.PersonRow c = store.person(clientId);
        List<Holder> holders = store.holders(clientId).stream().map(h -> new Holder(agencyName(h.agencyId()), h.since())).toList();
        return new Person(clientId, c.name(), c.birthDate(), c.createdAt(), holders, c.mergedInto());
    }

    private List<DecisionLine> history(long exceptionId) {
        return store.history(exceptionId).stream().map(d -> new DecisionLine(d.decision().code, d.decidedBy(), d.decidedAt(), d.reason(),
                d.linkedClientId())).toList();
    }

    private String agencyName(long id) {
        return agencies.find(id).map(AgencyDirectory.AgencyRef::name).orElse("Agency " + id);
    }
}
