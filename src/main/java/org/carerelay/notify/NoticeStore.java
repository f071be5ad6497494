package org.carerelay.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.carerelay.catalogue.Urgency;
import org.carerelay.sql.Row;
import org.carerelay.sql.SqlValues;

/** The SQL of urgent notices: contacts, rules, the stage search, the sender's claims and the one-time links. */
@ApplicationScoped
public class NoticeStore {

    /** One contact address of an agency's list. */
    public record ContactRow(long id, long agencyId, Stage stage, String address, String addedBy, Instant addedAt) {
        static ContactRow of(Row r) {
            return new ContactRow(r.id("id"), r.id("agency_id"), Stage.ofNumber(r.integer("stage")).orElseThrow(), r.text("address"),
                    r.text("added_by"), r.instant("added_at"));
        }
    }

    /** One notice as the agency admin's page lists it (no client data: delivery reference, address, stage, how it went). */
    public record NoticeRow(long id, long deliveryId, Stage stage, String address, NoticeState state, Instant createdAt, int attempts,
            Instant lastAttemptAt, String lastError, Instant sentAt, Instant nextAttemptAt) {
        static NoticeRow of(Row r) {
            return new NoticeRow(r.id("id"), r.id("delivery_id"), Stage.ofNumber(r.integer("stage")).orElseThrow(), r.text("address"),
                    NoticeState.of(r.text("state")), r.instant("created_at"), r.integer("attempts"), r.instant("last_attempt_at"),
                    r.text("last_error"), r.instant("sent_at"), r.instant("next_attempt_at"));
        }
    }

    /** A notice claimed for sending, with what its message needs. */
    public record Claimed(long id, long deliveryId, long agencyId, Stage stage, String address, int attempts, Urgency urgency,
            Instant arrivedAt) {
        static Claimed of(Row r) {
            return new Claimed(r.id("id"), r.id("delivery_id"), r.id("agency_id"), Stage.ofNumber(r.integer("stage")).orElseThrow(),
                    r.text("address"), r.integer("attempts"), Urgency.of(r.text("urgency")).orElseThrow(), r.instant("arrived_at"));
        }
    }

    /** The notice behind a link, and the state of its delivery. */
    public record LinkRow(long id, long deliveryId, long agencyId, Instant expiresAt, Instant usedAt, String usedBy) {
        static LinkRow of(Row r) {
            return new LinkRow(r.id("id"), r.id("delivery_id"), r.id("agency_id"), r.instant("token_expires_at"), r.instant("token_used_at"),
                    r.text("token_used_by"));
        }
    }

    /** One stage of one agency's rule for one urgency: items that arrived at or before {@code cutoff} are due. */
    public record Cutoff(long agencyId, Urgency urgency, Stage stage, Instant cutoff) {
    }

    @Inject
    EntityManager em;

    // ---- contacts

    List<ContactRow> contacts(long agencyId) {
        return Row.all(Row.query(em, "SELECT id, agency_id, stage, address, added_by, added_at FROM urgent_contact WHERE agency_id = :a"
                + " ORDER BY stage, address").setParameter("a", agencyId)).stream().map(ContactRow::of).toList();
    }

    Optional<ContactRow> contact(long id) {
        return Row.first(Row.query(em, "SELECT id, agency_id, stage, address, added_by, added_at FROM urgent_contact WHERE id = :id")
                .setParameter("id", id)).map(ContactRow::of);
    }

    /** False when the address is already on that list. */
    boolean addContact(long agencyId, Stage stage, String address, String by, Instant now) {
        return em.createNativeQuery("""
                INSERT INTO urgent_contact (agency_id, stage, address, added_by, added_at) VALUES (:a, :s, :addr, :by, :now)
                ON CONFLICT (agency_id, stage, address) DO NOTHING""")
                .setParameter("a", agencyId).setParameter("s", stage.number).setParameter("addr", address).setParameter("by", by)
                .setParameter("now", now).executeUpdate() == 1;
    }

    void removeContact(long id) {
        em.createNativeQuery("DELETE FROM urgent_contact WHERE id = :id").setParameter("id", id).executeUpdate();
    }

    /** The agencies and stages that have at least one contact. */
    List<long[]> stagesWithContacts() {
        return Row.all(Row.query(em, "SELECT DISTINCT agency_id, stage FROM urgent_contact")).stream()
                .map(r -> new long[] {r.id("agency_id"), r.integer("stage")}).toList();
    }

    // ---- rules

    /** The stored rules (agency, rule); agencies without one use the defaults. */
    List<Object[]> storedRules() {
        return Row.all(Row.query(em, "SELECT agency_id, urgency, on_call_minutes, lead_minutes FROM urgent_rule")).stream()
                .map(r -> new Object[] {r.id("agency_id"), new UrgencyRule(Urgency.of(r.text("urgency")).orElseThrow(),
                        r.nullableInteger("on_call_minutes"), r.nullableInteger("lead_minutes"))})
                .toList();
    }

    /** Stores the agency's rule for the urgency (a stage that is off is stored as NULL; -1 carries it in). */
    void saveRule(long agencyId, UrgencyRule rule, String by, Instant now) {
        em.createNativeQuery("""
                INSERT INTO urgent_rule (agency_id, urgency, on_call_minutes, lead_minutes, updated_by, updated_at)
                VALUES (:a, :u, NULLIF(:first, -1), NULLIF(:second, -1), :by, :now)
                ON CONFLICT (agency_id, urgency) DO UPDATE SET on_call_minutes = EXCLUDED.on_call_minutes,
                    lead_minutes = EXCLUDED.lead_minutes, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at""")
                .setParameter("a", agencyId).setParameter("u", rule.urgency().code)
                .setParameter("first", rule.onCallMinutes() == null ? -1 : rule.onCallMinutes())
                .setParameter("second", rule.leadMinutes() == null ? -1 : rule.leadMinutes())
                .setParameter("by", by).setParameter("now", now).executeUpdate();
    }

    // ---- the job

    /** Pending notices of deliveries acknowledged (or further) since: never sent. */
    int cancelAcknowledged() {
        return em.createNativeQuery("""
                UPDATE urgent_notice n SET state = 'cancelled', last_error = 'acknowledged before it was sent'
                FROM delivery d WHERE d.id = n.delivery_id AND n.state = 'pending' AND d.state <> 'new'""").executeUpdate();
    }

    /**
     * One notice per contact for every unacknowledged delivery past a stage's cutoff that arrived after {@code since} and has
     * no notice of that stage yet (a contact added later does not get a stage that already went out).
     */
    int createDue(List<Cutoff> cutoffs, Instant since, Instant now) {
        return em.createNativeQuery("""
                INSERT INTO urgent_notice (delivery_id, agency_id, stage, address, created_at, next_attempt_at)
                SELECT d.id, d.recipient_agency_id, t.stage, c.address, :now, :now
                FROM unnest(CAST(:agencies AS BIGINT[]), CAST(:urgencies AS TEXT[]), CAST(:stages AS INT[]), CAST(:cutoffs AS TIMESTAMPTZ[]))
                     AS t(agency_id, urgency, stage, cutoff)
                JOIN delivery d ON d.recipient_agency_id = t.agency_id AND d.urgency = t.urgency
                                AND d.state = 'new' AND d.urgency <> 'information_only' AND d.created_at > :since AND d.created_at <= t.cutoff
                JOIN urgent_contact c ON c.agency_id = t.agency_id AND c.stage = t.stage
                WHERE NOT EXISTS (SELECT 1 FROM urgent_notice n WHERE n.delivery_id = d.id AND n.stage = t.stage)
                ON CONFLICT (delivery_id, stage, address) DO NOTHING""")
                .setParameter("agencies", SqlValues.arrayLiteral(cutoffs.stream().map(Cutoff::agencyId).toList()))
                .setParameter("urgencies", SqlValues.arrayLiteral(cutoffs.stream().map(c -> c.urgency().code).toList()))
                .setParameter("stages", SqlValues.arrayLiteral(cutoffs.stream().map(c -> c.stage().number).toList()))
                .setParameter("cutoffs", SqlValues.arrayLiteral(cutoffs.stream().map(c -> c.cutoff().toString()).toList()))
                .setParameter("since", since).setParameter("now", now).executeUpdate();
    }

    /** Claims up to {@code limit} due notices (and lapsed claims) that no other instance holds, one attempt more each. */
    List<Claimed> claim(Instant now, Duration lease, int limit) {
        return Row.all(Row.query(em, """
                WITH due AS (
                    SELECT n.id FROM urgent_notice n
                    WHERE (n.state = 'pending' AND n.next_attempt_at <= :now) OR (n.state = 'sending' AND n.lease_until < now())
                    ORDER BY n.id LIMIT :limit
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE urgent_notice n SET state = 'sending', attempts = n.attempts + 1, last_attempt_at = :now,
                       lease_until = now() + make_interval(secs => :lease)
                FROM due, delivery d
                WHERE n.id = due.id AND d.id = n.delivery_id
                RETURNING n.id, n.delivery_id, n.agency_id, n.stage, n.address, n.attempts, d.urgency, d.created_at AS arrived_at""")
                .setParameter("now", now).setParameter("limit", limit).setParameter("lease", (double) lease.toSeconds()))
                .stream().map(Claimed::of).toList();
    }

    void setToken(long id, byte[] hash, Instant expiresAt) {
        em.createNativeQuery("UPDATE urgent_notice SET token_hash = :h, token_expires_at = :e WHERE id = :id")
                .setParameter("h", hash).setParameter("e", expiresAt).setParameter("id", id).executeUpdate();
    }

    void sent(long id, Instant now) {
        em.createNativeQuery("""
                UPDATE urgent_notice SET state = 'sent', sent_at = :now, lease_until = NULL, last_error = NULL
                WHERE id = :id AND state = 'sending'""").setParameter("now", now).setParameter("id", id).executeUpdate();
    }

    /** A failed attempt: pending again at {@code retryAt}, or failed for good when it is null. */
    void failed(long id, String error, Instant retryAt) {
        em.createNativeQuery("""
                UPDATE urgent_notice SET state = CASE WHEN :dead THEN 'failed' ELSE 'pending' END,
                       next_attempt_at = CASE WHEN :dead THEN next_attempt_at ELSE :retry END, lease_until = NULL, last_error = :e,
                       token_hash = NULL, token_expires_at = NULL
                WHERE id = :id AND state = 'sending'""")
                .setParameter("dead", retryAt == null).setParameter("retry", retryAt == null ? Instant.EPOCH : retryAt)
                .setParameter("e", error).setParameter("id", id).executeUpdate();
    }

    // ---- the admin page

    List<NoticeRow> recent(long agencyId, int limit) {
        return Row.all(Row.query(em, """
                SELECT id, delivery_id, stage, address, state, created_at, attempts, last_attempt_at, last_error, sent_at, next_attempt_at
                FROM urgent_notice WHERE agency_id = :a ORDER BY created_at DESC, id DESC LIMIT :limit""")
                .setParameter("a", agencyId).setParameter("limit", limit)).stream().map(NoticeRow::of).toList();
    }

    // ---- links

    /** The notice whose link has this hash, locked for this transaction. */
    Optional<LinkRow> byToken(byte[] hash) {
        return Row.first(Row.query(em, """
                SELECT id, delivery_id, agency_id, token_expires_at, token_used_at, token_used_by FROM urgent_notice
                WHERE token_hash = :h FOR UPDATE""").setParameter("h", hash)).map(LinkRow::of);
    }

    void used(long id, Instant now, String username) {
        em.createNativeQuery("UPDATE urgent_notice SET token_used_at = :now, token_used_by = :u WHERE id = :id")
                .setParameter("now", now).setParameter("u", username).setParameter("id", id).executeUpdate();
    }

    /** What the item page shows of a delivery (read after the access check). */
    public record ItemRow(long id, long clientId, String state, Urgency urgency, Instant arrivedAt, Instant dueAt, String owner,
            Instant acknowledgedAt, String typeTitle, String sourceAgency) {
        static ItemRow of(Row r) {
            return new ItemRow(r.id("id"), r.id("client_id"), r.text("state"), Urgency.of(r.text("urgency")).orElseThrow(),
                    r.instant("created_at"), r.instant("due_at"), r.text("owner_username"), r.instant("acknowledged_at"), r.text("title"),
                    r.text("source"));
        }
    }

    Optional<ItemRow> item(long deliveryId) {
        return Row.first(Row.query(em, """
                SELECT d.id, d.client_id, d.state, d.urgency, d.created_at, d.due_at, d.owner_username, d.acknowledged_at, t.title,
                       a.name AS source
                FROM delivery d JOIN shared_event e ON e.id = d.event_id JOIN event_type t ON t.id = e.event_type_id
                JOIN agency a ON a.id = e.source_agency_id
                WHERE d.id = :id""").setParameter("id", deliveryId)).map(ItemRow::of);
    }
}
