package org.carerelay.concerns;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carerelay.access.AccessPolicy;
import org.carerelay.access.CurrentUser;
import org.carerelay.access.Purpose;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.catalogue.Sensitivity;
import org.carerelay.sql.Row;
import org.carerelay.web.ProblemException;

/**
 * A concern as one receiving agency may see it: the rule (title, meaning, what to do), the signals it may name (type
 * title, date, agency) and a count of the others, its own delivery, and the closing. Only an agency holding a delivery
 * of the concern opens it (any other id: 404 and a denied audit entry); the client record check is the access policy's;
 * every opening is audited. A team lead of a receiving agency closes it as resolved or not a concern, with a reason.
 */
@ApplicationScoped
public class ConcernReading {

    public static final int MAX_REASON = 2000;

    /** A signal the viewer's agency may see named. */
    public record NamedSignal(String label, String typeTitle, Instant at, String agency, boolean overdue) {
    }

    /** The page. */
    public record View(long id, long clientId, String clientName, String ruleCode, int ruleVersion, String title, String meaning,
            String action, Instant raisedAt, String status, Instant closedAt, String closedBy, String closeReason, List<NamedSignal> signals,
            int unnamed, long deliveryId, String deliveryState, boolean mayClose) {

        public boolean open() {
            return "open".equals(status);
        }

        public String statusWords() {
            return switch (status) {
                case "resolved" -> "Closed: resolved";
                case "false_positive" -> "Closed: not a concern (false positive)";
                default -> "Open";
            };
        }
    }

    @Inject
    ConcernStore store;

    @Inject
    ConcernRules rules;

    @Inject
    AccessPolicy access;

    @Inject
    CurrentUser user;

    @Inject
    AuditLog audit;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Transactional
    public View view(long concernId) {
        long agencyId = user.requireAgencyId();
        ConcernStore.Concern c = require(concernId, agencyId);
        access.requireClientRecord(c.clientId(), "concern");
        View v = read(c, agencyId);
        audit.recordInTransaction(AuditRecord.view("concern", concernId, c.clientId(), List.of(Sensitivity.GENERAL.code),
                List.of("signals:" + v.signals().size(), "unnamed:" + v.unnamed()), Purpose.CARE_DELIVERY));
        return v;
    }

    /** The concern the agency's delivery belongs to (the worklist links there). */
    public long concernOfDelivery(long deliveryId) {
        long agencyId = user.requireAgencyId();
        access.requireOwnDelivery(deliveryId, agencyId);
        return Row.first(Row.query(em, "SELECT c.id FROM delivery d JOIN concern c ON c.event_id = d.event_id WHERE d.id = :d")
                .setParameter("d", deliveryId)).map(r -> r.id("id"))
                .orElseThrow(() -> ProblemException.notFound("Delivery " + deliveryId + " is no multi-agency concern."));
    }

    /** A team lead closes the concern; a missing reason or outcome is refused naming the field, and nothing is stored. */
    @Transactional
    public void close(long concernId, String outcome, String reason) {
        long agencyId = user.requireAgencyId();
        ConcernStore.Concern c = require(concernId, agencyId);
        access.requireClientRecord(c.clientId(), "concern");
        if (!user.isTeamLead()) {
            throw new ProblemException(403, "role-not-permitted", "Access refused", "Only a team lead closes a concern.");
        }
        String text = reason == null ? "" : reason.trim();
        List<ProblemException.FieldError> errors = new ArrayList<>();
        if (!"resolved".equals(outcome) && !"false_positive".equals(outcome)) {
            errors.add(new ProblemException.FieldError("outcome", "Outcome: choose resolved or not a concern (false positive)."));
        }
        if (text.isEmpty()) {
            errors.add(new ProblemException.FieldError("reason", "Reason: say why the concern is closed."));
        } else if (text.length() > MAX_REASON) {
            errors.add(new ProblemException.FieldError("reason", "Reason: at most " + MAX_REASON + " characters (you wrote " + text.length() + ")."));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The concern was not closed.", errors);
        }
        if (!store.close(concernId, outcome, user.getUsername(), agencyId, text, clock.instant())) {
            throw ProblemException.conflict("concern-closed", "This concern was closed meanwhile; nothing was changed.");
        }
        audit.recordInTransaction(AuditRecord.write("concern", concernId, c.clientId(), Purpose.CARE_DELIVERY,
                "concern closed as " + outcome + ": " + text));
    }

    private ConcernStore.Concern require(long concernId, long agencyId) {
        Optional<ConcernStore.Concern> c = store.find(concernId);
        boolean mine = c.isPresent() && c.get().eventId() != null && store.recipients(c.get().eventId()).contains(agencyId);
        if (!mine) {
            throw access.refuseGuess("concern", concernId, c.map(ConcernStore.Concern::clientId).orElse(null),
                    c.isEmpty() ? "no such concern" : "not a recipient agency of the concern", "There is no concern " + concernId + ".");
        }
        return c.get();
    }

    private View read(ConcernStore.Concern c, long agencyId) {
        RuleStore.Version v = rules.version(c.ruleId());
        List<NamedSignal> named = new ArrayList<>();
        int unnamed = 0;
        for (Row r : Row.all(Row.query(em, """
                SELECT s.signal_key, s.overdue, s.at, a.name AS agency, t.title, t.sensitivity, e.source_agency_id,
                       EXISTS (SELECT 1 FROM delivery d WHERE d.event_id = s.event_id AND d.recipient_agency_id = :viewer) AS received
                FROM concern_signal s JOIN shared_event e ON e.id = s.event_id JOIN event_type t ON t.id = e.event_type_id
                JOIN agency a ON a.id = s.agency_id
                WHERE s.concern_id = :c ORDER BY s.at, s.id""").setParameter("c", c.id()).setParameter("viewer", agencyId))) {
            if (access.mayNameSignal(agencyId, c.clientId(), r.id("source_agency_id"), r.bool("received"), Sensitivity.of(r.text("sensitivity")))) {
                String key = r.text("signal_key");
                String label = v.rule().signals().stream().filter(s -> s.key().equals(key)).map(ConcernRule.Signal::label).findFirst().orElse(key);
                named.add(new NamedSignal(label, r.bool("overdue") ? r.text("title") + " — not followed up by its due time" : r.text("title"),
                        r.instant("at"), r.text("agency"), r.bool("overdue")));
            } else {
                unnamed++;
            }
        }
        Row d = Row.all(Row.query(em, """
                SELECT d.id, d.state, c.given_name || ' ' || c.family_name AS client_name FROM delivery d JOIN client c ON c.id = d.client_id
                WHERE d.event_id = :e AND d.recipient_agency_id = :a""").setParameter("e", c.eventId()).setParameter("a", agencyId)).get(0);
        return new View(c.id(), c.clientId(), d.text("client_name"), v.code(), v.version(), v.rule().title(), v.rule().meaning(),
                v.rule().action(), c.raisedAt(), c.status(), c.closedAt(), c.closedBy(), c.closeReason(), named, unnamed, d.id("id"),
                d.text("state"), c.open() && user.isTeamLead());
    }
}
