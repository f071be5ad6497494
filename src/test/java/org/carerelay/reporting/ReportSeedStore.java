package org.carerelay.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carerelay.reporting.MonthModel.Access;
import org.carerelay.reporting.MonthModel.Agency;
import org.carerelay.reporting.MonthModel.Agreement;
import org.carerelay.reporting.MonthModel.Client;
import org.carerelay.reporting.MonthModel.Delivery;
import org.carerelay.reporting.MonthModel.Event;
import org.carerelay.reporting.MonthModel.FirstContact;
import org.carerelay.reporting.MonthModel.Grant;
import org.carerelay.reporting.MonthModel.Handover;
import org.carerelay.reporting.MonthModel.Query;
import org.carerelay.reporting.MonthModel.Type;

/**
 * The {@link ReportSeed} and the test database: reads the demo network's agencies, current event
 * types and sharing agreements (used as they are), and writes the seeded month as the owner role
 * in one transaction, at the model's historical times.
 */
final class ReportSeedStore {

    private ReportSeedStore() {
    }

    /** The reference data, and the month built on it (not yet written). */
    static ReportSeed load(Connection c) throws SQLException {
        ReportSeed seed = new ReportSeed();
        ObjectMapper json = new ObjectMapper();
        try (ResultSet r = c.createStatement().executeQuery("SELECT id, slug, name, kind FROM agency ORDER BY id")) {
            while (r.next()) {
                seed.agencies.put(r.getString(2), new Agency(r.getLong(1), r.getString(2), r.getString(3), r.getString(4)));
            }
        }
        try (ResultSet r = c.createStatement().executeQuery(
                "SELECT id, code, pathway, title, window_hours, urgency, fields::text FROM event_type WHERE current ORDER BY code")) {
            while (r.next()) {
                List<String> names = new ArrayList<>();
                List<String> labels = new ArrayList<>();
                Set<String> required = new LinkedHashSet<>();
                for (JsonNode f : json.readTree(r.getString(7))) {
                    names.add(f.get("name").asText());
                    labels.add(f.get("label").asText());
                    if (f.path("required").asBoolean()) {
                        required.add(f.get("name").asText());
                    }
                }
                seed.types.put(r.getString(2), new Type(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getInt(5),
                        r.getString(6), names, labels, required));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try (ResultSet r = c.createStatement().executeQuery(
                "SELECT id, code, title, source_agency_id, recipient_agency_id, review_date, status FROM sharing_agreement ORDER BY id")) {
            while (r.next()) {
                seed.agreements.put(r.getString(2), new Agreement(r.getLong(1), r.getString(2), r.getString(3), r.getLong(4),
                        r.getLong(5), r.getDate(6).toLocalDate(), "active".equals(r.getString(7)), new LinkedHashMap<>()));
            }
        }
        try (ResultSet r = c.createStatement().executeQuery(
                "SELECT a.code, t.event_type_code, t.allowed_fields FROM sharing_agreement_event_type t "
                        + "JOIN sharing_agreement a ON a.id = t.agreement_id ORDER BY a.id, t.event_type_code")) {
            while (r.next()) {
                Array allowed = r.getArray(3);
                seed.agreements.get(r.getString(1)).allowed().put(r.getString(2),
                        allowed == null ? null : List.of((String[]) allowed.getArray()));
            }
        }
        seed.build();
        return seed;
    }

    /** Writes the model as the owner role in one transaction; fails if the period already holds data. */
    static void insert(ReportSeed seed, Connection c) throws SQLException {
        try (ResultSet r = c.createStatement().executeQuery(
                "SELECT count(*) FROM shared_event WHERE received_at >= '2019-02-01' AND received_at < '2019-05-01'")) {
            r.next();
            if (r.getLong(1) > 0) {
                throw new IllegalStateException("the test database already holds events of spring 2019; start from a clean database");
            }
        }
        c.setAutoCommit(false);
        try {
            insertClients(seed, c);
            insertEvents(seed, c);
            insertAccess(seed, c);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void insertClients(ReportSeed seed, Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO client (id, given_name, family_name, birth_date, created_at) "
                + "OVERRIDING SYSTEM VALUE VALUES (?, ?, ?, ?, ?)");
                PreparedStatement ids = c.prepareStatement(
                        "INSERT INTO client_identifier (agency_id, local_id, client_id, created_at) VALUES (?, ?, ?, ?)")) {
            for (Client cl : seed.clients) {
                ps.setLong(1, cl.id);
                ps.setString(2, cl.given);
                ps.setString(3, cl.family);
                ps.setObject(4, LocalDate.of(1950, 1, 1).plusDays(97L * cl.index));
                ps.setTimestamp(5, ts(ReportSeed.t("02-01 09:00")));
                ps.addBatch();
                for (Map.Entry<String, String> id : cl.localIds.entrySet()) {
                    ids.setLong(1, seed.agencies.get(id.getKey()).id());
                    ids.setString(2, id.getValue());
                    ids.setLong(3, cl.id);
                    ids.setTimestamp(4, ts(ReportSeed.t("02-01 09:00")));
                    ids.addBatch();
                }
            }
            ps.executeBatch();
            ids.executeBatch();
        }
        // care relationships: the sender and every recipient of the client's events
        Map<String, Instant> relationships = new LinkedHashMap<>();
        for (Event e : seed.events) {
            relationships.merge(e.client.id + "/" + e.source.id() + "/sent", e.received, (a, b) -> a.isBefore(b) ? a : b);
            for (Delivery d : e.deliveries) {
                relationships.merge(e.client.id + "/" + d.recipient.id() + "/received", d.created, (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO care_relationship (client_id, agency_id, basis, since) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (client_id, agency_id) DO NOTHING")) {
            for (Map.Entry<String, Instant> r : relationships.entrySet()) {
                String[] k = r.getKey().split("/");
                ps.setLong(1, Long.parseLong(k[0]));
                ps.setLong(2, Long.parseLong(k[1]));
                ps.setString(3, k[2]);
                ps.setTimestamp(4, ts(r.getValue()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertEvents(ReportSeed seed, Connection c) throws SQLException {
        ObjectMapper json = new ObjectMapper();
        String user = "rpt.sender." + seed.tag;
        try (PreparedStatement ev = c.prepareStatement("INSERT INTO shared_event (event_type_id, type_code, source_agency_id, client_id, "
                + "occurred_at, received_at, urgency, data, submitted_by) VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS JSONB), ?) RETURNING id");
                PreparedStatement dl = c.prepareStatement("INSERT INTO delivery (event_id, recipient_agency_id, agreement_id, client_id, "
                        + "shared_fields, minimum_notice, urgency, state, outcome, outcome_reason, created_at, due_at, acknowledged_at, "
                        + "started_at, completed_at, escalated_at) VALUES (?, ?, ?, ?, ?, false, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement ho = c.prepareStatement("INSERT INTO handover (source_agency_id, status, client_id, event_id, document, "
                        + "incomplete, missing, created_by, created_at, updated_at, submitted_at) "
                        + "VALUES (?, 'submitted', ?, ?, '{}'::jsonb, ?, ?, ?, ?, ?, ?) RETURNING id");
                PreparedStatement qu = c.prepareStatement("INSERT INTO handover_query (handover_id, field, kind, text, raised_by, "
                        + "raised_by_agency_id, raised_at, automatic) VALUES (?, 'mobilityConcerns', ?, ?, ?, ?, ?, ?)");
                PreparedStatement fc = c.prepareStatement("INSERT INTO handover_first_contact (handover_id, agency_id, contacted_at, "
                        + "recorded_by, method, note) VALUES (?, ?, ?, ?, 'phone', ?)")) {
            for (Event e : seed.events) {
                ev.setLong(1, e.type.id());
                ev.setString(2, e.type.code());
                ev.setLong(3, e.source.id());
                ev.setLong(4, e.client.id);
                ev.setTimestamp(5, ts(e.occurred));
                ev.setTimestamp(6, ts(e.received));
                ev.setString(7, e.type.urgency());
                ev.setString(8, json.writeValueAsString(e.data));
                ev.setString(9, user);
                try (ResultSet r = ev.executeQuery()) {
                    r.next();
                    e.id = r.getLong(1);
                }
                for (Delivery d : e.deliveries) {
                    dl.setLong(1, e.id);
                    dl.setLong(2, d.recipient.id());
                    dl.setLong(3, d.agreement.id());
                    dl.setLong(4, e.client.id);
                    dl.setArray(5, c.createArrayOf("text", d.shared.toArray()));
                    dl.setString(6, e.type.urgency());
                    dl.setString(7, d.completed != null ? "completed" : d.acknowledged != null ? "in_progress" : "new");
                    dl.setString(8, d.outcome);
                    dl.setString(9, d.outcome == null ? null : "Rptsecret reason " + seed.tag);
                    dl.setTimestamp(10, ts(d.created));
                    dl.setTimestamp(11, ts(d.due));
                    dl.setTimestamp(12, ts(d.acknowledged));
                    dl.setTimestamp(13, ts(d.acknowledged));
                    dl.setTimestamp(14, ts(d.completed));
                    dl.setTimestamp(15, ts(d.escalated));
                    dl.addBatch();
                }
                if (e.handover != null) {
                    Handover h = e.handover;
                    ho.setLong(1, e.source.id());
                    ho.setLong(2, e.client.id);
                    ho.setLong(3, e.id);
                    ho.setBoolean(4, h.incomplete);
                    ho.setArray(5, c.createArrayOf("text", h.incomplete ? new String[] { "mobilityConcerns" } : new String[0]));
                    ho.setString(6, user);
                    ho.setTimestamp(7, ts(e.received.minus(Duration.ofMinutes(20))));
                    ho.setTimestamp(8, ts(e.received));
                    ho.setTimestamp(9, ts(e.received));
                    long handoverId;
                    try (ResultSet r = ho.executeQuery()) {
                        r.next();
                        handoverId = r.getLong(1);
                    }
                    for (Query q : h.queries) {
                        qu.setLong(1, handoverId);
                        qu.setString(2, q.kind());
                        qu.setString(3, q.text());
                        qu.setString(4, q.automatic() ? "system" : "rpt.east.a");
                        qu.setLong(5, q.by().id());
                        qu.setTimestamp(6, ts(q.at()));
                        qu.setBoolean(7, q.automatic());
                        qu.addBatch();
                    }
                    for (FirstContact f : h.contacts) {
                        fc.setLong(1, handoverId);
                        fc.setLong(2, f.agency().id());
                        fc.setTimestamp(3, ts(f.at()));
                        fc.setString(4, "rpt.east.a");
                        fc.setString(5, "Rptsecret contact " + seed.tag);
                        fc.addBatch();
                    }
                }
            }
            dl.executeBatch();
            qu.executeBatch();
            fc.executeBatch();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try (PreparedStatement draft = c.prepareStatement("INSERT INTO handover (source_agency_id, status, document, created_by, "
                + "created_at, updated_at) VALUES (?, 'draft', '{}'::jsonb, ?, ?, ?)")) {
            draft.setLong(1, seed.agencies.get("riverside-hospital").id());
            draft.setString(2, user);
            draft.setTimestamp(3, ts(ReportSeed.t("03-15 09:00")));
            draft.setTimestamp(4, ts(ReportSeed.t("03-15 09:30")));
            draft.executeUpdate();
        }
    }

    private static void insertAccess(ReportSeed seed, Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_entry (at, request_id, username, agency_id, roles, action, "
                + "resource_type, resource_id, client_id, fields_shown, purpose, outcome, reason, prev_hash, hash) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '')")) {
            int n = 0;
            for (Access a : seed.access) {
                ps.setTimestamp(1, ts(a.at()));
                ps.setString(2, "rpt-" + seed.tag + "-" + n++);
                ps.setString(3, a.username());
                ps.setLong(4, a.agency().id());
                ps.setArray(5, c.createArrayOf("text", a.roles().toArray()));
                ps.setString(6, a.action());
                ps.setString(7, a.client() == null ? "worklist" : "client-record");
                ps.setString(8, a.client() == null ? null : Long.toString(a.client().id));
                ps.setObject(9, a.client() == null ? null : a.client().id);
                ps.setArray(10, c.createArrayOf("text", a.fields().toArray()));
                ps.setString(11, a.purpose());
                ps.setString(12, a.allowed() ? "allowed" : "denied");
                ps.setString(13, a.allowed() ? null : "Rptsecret refused " + seed.tag);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO break_glass_grant (client_id, username, agency_id, reason_category, "
                + "justification, granted_at, expires_at, review_outcome, review_note, reviewed_by, reviewed_at) "
                + "VALUES (?, ?, ?, 'urgent_clinical_need', ?, ?, ?, ?, ?, ?, ?)")) {
            for (Grant g : seed.grants) {
                ps.setLong(1, g.client().id);
                ps.setString(2, g.username());
                ps.setLong(3, g.agency().id());
                ps.setString(4, "Rptsecret justification for emergency access " + seed.tag);
                ps.setTimestamp(5, ts(g.granted()));
                ps.setTimestamp(6, ts(g.granted().plus(Duration.ofHours(12))));
                ps.setString(7, g.reviewed() ? "appropriate" : null);
                ps.setString(8, g.reviewed() ? "Rptsecret review " + seed.tag : null);
                ps.setString(9, g.reviewed() ? "rpt.priv" : null);
                ps.setTimestamp(10, g.reviewed() ? ts(g.granted().plus(Duration.ofDays(2))) : null);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
