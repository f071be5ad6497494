package org.carerelay.reporting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carerelay.clients.CareRelationships.LinkedBy;
import org.carerelay.sql.Row;

/**
 * The reports' reads of the rollup tables (db/migration/V7, V8): one filtered query per table of a report, never the raw
 * rows, each mapped to the report's own record. Every query limits {@code day} to the period first (the rollups' primary
 * keys start with it). Figures are as fresh as the last {@code report_refresh} ({@link #refreshedAt}).
 */
@ApplicationScoped
public class ReportStore {

    /** How many cases a continuity measure counts, and how many of them were done in time. */
    record Cases(long cases, long inTime) {
    }

    /** Contacts an agency made, and those within 7 days of another agency's contact with the same person. */
    record Contacts(long agencyId, long contacts, long duplicates) {
    }

    /** What an agency sent: events, queries for missing information, handovers and incomplete ones. */
    record Sent(long agencyId, long events, long missingInfoQueries, long handovers, long incompleteHandovers) {
    }

    /** How often a field of an event type was shared, and shown before completion. */
    record FieldUse(String typeCode, String field, long shared, long opened) {
    }

    /** Deliveries under one sharing agreement, and how they were completed. */
    record AgreementUse(long agreementId, long delivered, long completed, long actioned, long noActionNeeded, long otherOutcomes) {
    }

    /** Audit entries of one agency, role, action and outcome. */
    record Access(long agencyId, String role, String action, String outcome, long entries) {
    }

    /** One agency's access that may need a privacy officer's look. */
    record Unusual(long agencyId, long recordViews, long nightViews, long nightUsers, long unrelatedViews, long usersManyUnrelated,
            long breakGlassUses, long breakGlassReviewed) {
    }

    /** Care relationships an agency gained by an identity match of one kind. */
    record Links(long agencyId, boolean bySteward, long links) {
    }

    @Inject
    EntityManager em;

    /** report_delivery_day rows of the period for the recipient agency, event type and pathway (timeliness). */
    List<DeliveryRollup> deliveries(ReportFilter filter) {
        return rows(DeliveryRollup.SELECT, Where.of(filter).agency(filter, "recipient_agency_id").typeAndPathway(filter), null)
                .stream().map(DeliveryRollup::of).toList();
    }

    /** Discharge handovers sent by the agency, and those followed up within 72 hours. */
    Cases discharges(ReportFilter filter, String dischargeType) {
        Row r = rows("SELECT coalesce(sum(discharges), 0) AS cases, coalesce(sum(discharges_followed_up), 0) AS in_time "
                + "FROM report_event_day", Where.of(filter).agency(filter, "source_agency_id").typeAndPathway(filter)
                        .and("type_code", dischargeType), null).get(0);
        return new Cases(r.number("cases"), r.number("in_time"));
    }

    /** Deliveries of one event type to the agency, and those actioned within their window. */
    Cases actedOn(ReportFilter filter, String typeCode) {
        Row r = rows("SELECT coalesce(sum(delivered), 0) AS cases, coalesce(sum(actioned_in_window), 0) AS in_time "
                + "FROM report_delivery_day", Where.of(filter).agency(filter, "recipient_agency_id").typeAndPathway(filter)
                        .and("type_code", typeCode), null).get(0);
        return new Cases(r.number("cases"), r.number("in_time"));
    }

    List<Contacts> contacts(ReportFilter filter) {
        return rows("SELECT agency_id, sum(contacts) AS contacts, sum(duplicate_contacts) AS duplicates FROM report_contact_day",
                Where.of(filter).agency(filter, "agency_id").typeAndPathway(filter), "GROUP BY agency_id").stream()
                .map(r -> new Contacts(r.id("agency_id"), r.number("contacts"), r.number("duplicates"))).toList();
    }

    List<Sent> sent(ReportFilter filter) {
        return rows("SELECT source_agency_id, sum(events) AS events, sum(missing_info_queries) AS queries, sum(handovers) AS handovers, "
                + "sum(incomplete_handovers) AS incomplete FROM report_event_day", Where.of(filter).agency(filter, "source_agency_id")
                        .typeAndPathway(filter), "GROUP BY source_agency_id").stream()
                .map(r -> new Sent(r.id("source_agency_id"), r.number("events"), r.number("queries"), r.number("handovers"),
                        r.number("incomplete"))).toList();
    }

    List<FieldUse> fields(ReportFilter filter) {
        return rows("SELECT type_code, field, sum(shared) AS shared, sum(opened) AS opened FROM report_field_day",
                Where.of(filter).agency(filter, "recipient_agency_id").typeAndPathway(filter), "GROUP BY type_code, field").stream()
                .map(r -> new FieldUse(r.text("type_code"), r.text("field"), r.number("shared"), r.number("opened"))).toList();
    }

    /** Per agreement (agency filter: either party). */
    List<AgreementUse> agreements(ReportFilter filter) {
        return rows("SELECT agreement_id, sum(delivered) AS delivered, sum(completed) AS completed, sum(actioned) AS actioned, "
                + "sum(no_action_needed) AS no_action_needed, sum(declined + transferred) AS other_outcomes FROM report_delivery_day",
                Where.of(filter).agency(filter, "recipient_agency_id", "source_agency_id").typeAndPathway(filter),
                "GROUP BY agreement_id").stream()
                .map(r -> new AgreementUse(r.id("agreement_id"), r.number("delivered"), r.number("completed"), r.number("actioned"),
                        r.number("no_action_needed"), r.number("other_outcomes"))).toList();
    }

    List<Access> access(ReportFilter filter) {
        return rows("SELECT agency_id, role, action, outcome, sum(entries) AS entries FROM report_access_day",
                Where.of(filter).agency(filter, "agency_id"), "GROUP BY agency_id, role, action, outcome").stream()
                .map(r -> new Access(r.id("agency_id"), r.text("role"), r.text("action"), r.text("outcome"), r.number("entries")))
                .toList();
    }

    List<Unusual> unusual(ReportFilter filter) {
        return rows("SELECT agency_id, sum(record_views) AS record_views, sum(night_views) AS night_views, sum(night_users) AS night_users, "
                + "sum(unrelated_views) AS unrelated_views, sum(users_many_unrelated) AS users_many_unrelated, "
                + "sum(break_glass_uses) AS break_glass_uses, sum(break_glass_reviewed) AS break_glass_reviewed FROM report_unusual_day",
                Where.of(filter).agency(filter, "agency_id"), "GROUP BY agency_id").stream()
                .map(r -> new Unusual(r.id("agency_id"), r.number("record_views"), r.number("night_views"), r.number("night_users"),
                        r.number("unrelated_views"), r.number("users_many_unrelated"), r.number("break_glass_uses"),
                        r.number("break_glass_reviewed"))).toList();
    }

    /** Links in force made by a strong identifier or a steward, by the day of the confirmation (the partial index's literal). */
    List<Links> identityLinks(ReportFilter filter) {
        return rows("SELECT agency_id, linked_by, count(*) AS links FROM (SELECT agency_id, linked_by, report_day(confirmed_at) AS day "
                + "FROM care_relationship WHERE linked_by <> '" + LinkedBy.IDENTIFIER.code + "') l",
                Where.of(filter).agency(filter, "agency_id"), "GROUP BY agency_id, linked_by").stream()
                .map(r -> new Links(r.id("agency_id"), LinkedBy.IDENTITY_STEWARD.code.equals(r.text("linked_by")), r.number("links")))
                .toList();
    }

    /** When the rollups were last brought up to date (empty: never). */
    Optional<Instant> refreshedAt() {
        return Row.first(Row.query(em, "SELECT refreshed_at FROM report_setting")).map(r -> r.instant("refreshed_at"));
    }

    private List<Row> rows(String select, Where where, String tail) {
        Query query = Row.query(em, select + where.sql + (tail == null ? "" : " " + tail));
        where.params.forEach(query::setParameter);
        return Row.all(query);
    }

    /** The WHERE clause of a rollup query and its named parameters, built from a report's filters. */
    static final class Where {
        final StringBuilder sql = new StringBuilder(" WHERE day BETWEEN :from AND :to");
        final Map<String, Object> params = new LinkedHashMap<>();

        static Where of(ReportFilter filter) {
            Where where = new Where();
            where.params.put("from", filter.fromDate());
            where.params.put("to", filter.toDate());
            return where;
        }

        /** Limits to the filter's agency in this column (or in any of these columns). */
        Where agency(ReportFilter filter, String... columns) {
            if (filter.agencyId() != null) {
                params.put("agency", filter.agencyId());
                sql.append(" AND (").append(String.join(" OR ", java.util.Arrays.stream(columns).map(c -> c + " = :agency").toList()))
                        .append(')');
            }
            return this;
        }

        /** Limits to the filter's event type and pathway. */
        Where typeAndPathway(ReportFilter filter) {
            if (filter.eventType() != null) {
                and("type_code", filter.eventType().code);
            }
            if (!filter.pathway().isEmpty()) {
                and("pathway", filter.pathway());
            }
            return this;
        }

        /** Limits the column to the value (one named parameter per condition). */
        Where and(String column, Object value) {
            String name = "p" + params.size();
            sql.append(" AND ").append(column).append(" = :").append(name);
            params.put(name, value);
            return this;
        }
    }
}
