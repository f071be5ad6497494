package org.carerelay.reporting;

import org.carerelay.clock.NetworkTimeZone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.sharing.SharingAgreement;

/** Per sharing agreement: what was shared under it against what was acted on; agreements due for review. */
@ApplicationScoped
public class ProportionalityReport implements Report.Builder {

    static final int LITTLE_ACTION_MIN_COMPLETED = 20;

    @Inject
    ReportStore store;

    @Inject
    Clock clock;

    @Inject
    NetworkTimeZone network;

    @Override
    public Report.About about() {
        return new Report.About("proportionality", "Proportionality",
                "Is each sharing agreement's volume of sharing matched by action, and is it reviewed on time?");
    }

    @Override
    public List<Report.Definition> definitions() {
        return List.of(
                new Report.Definition("Deliveries", "Deliveries sent under the agreement in the period (agency filter: either "
                        + "party of the agreement)."),
                new Report.Definition("Completed, actioned, no action needed, other outcomes", "Of those, completed so far, "
                        + "and how: acted on, no action needed, or declined or transferred."),
                new Report.Definition("Actioned (%)", "Actioned as a share of completed."),
                new Report.Definition("Review date", "When the agreement must next be reviewed."),
                new Report.Definition("Flags", "Past review date: the review date has passed. Little action: at least "
                        + LITTLE_ACTION_MIN_COMPLETED + " completed and fewer than a quarter actioned. No use: active with no "
                        + "deliveries in the period. Suspended: nothing is shared under it now."),
                Report.Definition.smallCounts("the others"));
    }

    @Override
    @jakarta.transaction.Transactional
    public List<Report.Section> sections(ReportFilter filter) {
        Map<Long, ReportStore.AgreementUse> counts = new HashMap<>();
        store.agreements(filter).forEach(a -> counts.put(a.agreementId(), a));
        LocalDate today = LocalDate.ofInstant(clock.instant(), network.timeZone());
        List<SharingAgreement> agreements = SharingAgreement.<SharingAgreement>listAll().stream()
                .filter(a -> filter.agencyId() == null || filter.agencyId().equals(a.sourceAgencyId)
                        || filter.agencyId().equals(a.recipientAgencyId) || counts.containsKey(a.id))
                .sorted((a, b) -> a.title.compareTo(b.title)).toList();
        ReportTable.Builder t = ReportTable.builder("agreements", "Sharing agreements: volume and action", "Sharing agreement")
                .count("Deliveries").count("Completed").count("Actioned").count("No action needed").count("Other outcomes")
                .share("Actioned (%)", 2, 1).text("Review date").text("Flags").rowSum(1, 2, 3, 4).total("Total");
        for (SharingAgreement a : agreements) {
            ReportStore.AgreementUse c = counts.getOrDefault(a.id, new ReportStore.AgreementUse(a.id, 0, 0, 0, 0, 0));
            List<String> flags = new ArrayList<>();
            if (org.carerelay.sharing.AgreementStatus.SUSPENDED.code.equals(a.status)) {
                flags.add("Suspended");
            }
            if (a.reviewDate != null && a.reviewDate.isBefore(today)) {
                flags.add("Past review date");
            }
            if (c.completed() >= LITTLE_ACTION_MIN_COMPLETED && c.actioned() * 4 < c.completed()) {
                flags.add("Little action");
            }
            if (org.carerelay.sharing.AgreementStatus.ACTIVE.code.equals(a.status) && c.delivered() == 0) {
                flags.add("No use");
            }
            t.row(a.title, c.delivered(), c.completed(), c.actioned(), c.noActionNeeded(), c.otherOutcomes(), null,
                    a.reviewDate == null ? "" : a.reviewDate.toString(), String.join("; ", flags));
        }
        ReportTable table = t.build();
        return List.of(new Report.Section("Agreements", "Flagged agreements need a review by the parties and the commissioner.",
                table, BarChart.of(table, "Actioned (%)", "Share of completed deliveries actioned, by agreement")));
    }
}
