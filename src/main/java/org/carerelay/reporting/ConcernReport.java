package org.carerelay.reporting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.carerelay.clock.NetworkTimeZone;
import org.carerelay.sql.Row;

/**
 * Multi-agency concerns per rule: raised, resolved, closed as not a concern, still open, raised by shadow versions, and
 * how long until every agency involved had acted. Read as aggregates straight from the concern tables (a few rows a day
 * network-wide; index concern_raised), never as client-level rows.
 */
@ApplicationScoped
public class ConcernReport implements Report.Builder {

    @Inject
    EntityManager em;

    @Inject
    NetworkTimeZone network;

    /** One rule's figures. */
    record Figures(long raised, long resolved, long falsePositive, long open, long shadow, DurationHistogram acted) {
    }

    @Override
    public Report.About about() {
        return new Report.About("concerns", "Multi-agency concerns",
                "Which concern rules find people at risk, which cry wolf, and how quickly does every agency involved act?");
    }

    @Override
    public List<Report.Definition> definitions() {
        return List.of(
                new Report.Definition("Raised", "Concerns a live rule version raised in the period and delivered to the agencies "
                        + "involved (agency filter: concerns delivered to that agency)."),
                new Report.Definition("Resolved", "Of those, closed by a team lead as resolved (a real concern, acted on)."),
                new Report.Definition("Not a concern", "Of those, closed by a team lead as not a concern (a false positive), with a reason."),
                new Report.Definition("Still open", "Of those, not closed yet."),
                new Report.Definition("False positives (%)", "Not a concern as a share of those raised: a rule that cries wolf shows here."),
                new Report.Definition("Raised in shadow", "Concerns a shadow rule version would have raised: counted, never delivered."),
                new Report.Definition("Time to first action by every agency", "From the concern being raised until every agency that "
                        + "received it had first acted on its delivery (acknowledged, started or completed); median and 90th percentile "
                        + "of the concerns where all had acted."),
                Report.Definition.smallCounts("the totals"));
    }

    @Override
    public boolean usesTypeFilters() {
        return false;
    }

    @Override
    public List<Report.Section> sections(ReportFilter filter) {
        ReportTable.Builder t = ReportTable.builder("concerns", "Concerns by rule", "Rule").count("Raised").count("Resolved")
                .count("Not a concern").count("Still open").share("False positives (%)", 2, 0).count("Raised in shadow")
                .duration("Every agency acted: median", 0.5).duration("Every agency acted: 90th percentile", 0.9).rowSum(0, 1, 2, 3)
                .total("All rules");
        figures(filter).forEach((code, f) -> t.row(code, f.raised(), f.resolved(), f.falsePositive(), f.open(), null, f.shadow(),
                f.acted(), f.acted()));
        ReportTable table = t.build();
        return List.of(new Report.Section("Concerns by rule", "Each rule's concerns raised in the period and how they were closed.",
                table, BarChart.of(table, "Raised", "Concerns raised per rule")));
    }

    Map<String, Figures> figures(ReportFilter filter) {
        ZoneId zone = network.timeZone();
        String agency = filter.agencyId() == null ? ""
                : " AND EXISTS (SELECT 1 FROM delivery a WHERE a.event_id = c.event_id AND a.recipient_agency_id = :agency)";
        Query q = Row.query(em, """
                WITH c AS (
                    SELECT r.code, c.shadow, c.status,
                           (SELECT CASE WHEN count(*) > 0 AND bool_and(coalesce(d.acknowledged_at, d.started_at, d.completed_at) IS NOT NULL)
                                   THEN report_bucket(extract(epoch FROM max(coalesce(d.acknowledged_at, d.started_at, d.completed_at))
                                        - c.raised_at) / 60) END
                            FROM delivery d WHERE d.event_id = c.event_id) AS bucket
                    FROM concern c JOIN concern_rule r ON r.id = c.rule_id
                    WHERE c.raised_at >= :from AND c.raised_at < :to""" + agency + """
                )
                SELECT code, shadow, status, bucket, count(*) AS n FROM c GROUP BY code, shadow, status, bucket""")
                .setParameter("from", filter.fromDate().atStartOfDay(zone).toInstant())
                .setParameter("to", filter.toDate().plusDays(1).atStartOfDay(zone).toInstant());
        if (filter.agencyId() != null) {
            q.setParameter("agency", filter.agencyId());
        }
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, Integer[]> acted = new TreeMap<>();
        for (Row r : Row.all(q)) {
            String code = r.text("code");
            long[] f = counts.computeIfAbsent(code, k -> new long[5]);
            long n = r.number("n");
            if (r.bool("shadow")) {
                f[4] += n;
                continue;
            }
            f[0] += n;
            f["resolved".equals(r.text("status")) ? 1 : "false_positive".equals(r.text("status")) ? 2 : 3] += n;
            Integer bucket = r.nullableInteger("bucket");
            if (bucket != null) {
                Integer[] h = acted.computeIfAbsent(code, k -> new Integer[DurationHistogram.BUCKETS]);
                h[bucket - 1] = (h[bucket - 1] == null ? 0 : h[bucket - 1]) + (int) n;
            }
        }
        Map<String, Figures> out = new TreeMap<>();
        counts.forEach((code, f) -> {
            DurationHistogram h = new DurationHistogram();
            h.add(acted.get(code));
            out.put(code, new Figures(f[0], f[1], f[2], f[3], f[4], h));
        });
        return out;
    }
}
