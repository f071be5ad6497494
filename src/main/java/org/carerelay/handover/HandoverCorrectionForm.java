package org.carerelay.handover;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.carerelay.web.ProblemException.FieldError;

/** The correction form's values as typed (so a refused form comes back as it was), and the document they make. */
public final class HandoverCorrectionForm {

    static final int BLANK_ROWS = 2;

    private HandoverCorrectionForm() {
    }

    /** One repeating row: its cells in form order. */
    public record Row(List<String> cells) {
        public String cell(int i) {
            return i < cells.size() && cells.get(i) != null ? cells.get(i) : "";
        }

        boolean blank() {
            return cells.stream().allMatch(c -> c == null || c.isBlank());
        }
    }

    public record Values(String localId, String givenName, String familyName, String birthDate, String dischargeDate,
            String dischargeRecommendation, String urgency, String triageNotes, String mobilityConcerns, String unresolvedConcerns,
            String symptomReporting, String followUpNeeds, List<Row> flags, List<Row> rules, List<Row> items) {

        static Values of(HandoverDocument d) {
            HandoverDocument.Person p = d.client() == null ? new HandoverDocument.Person(null, null, null, null) : d.client();
            return new Values(p.localId(), p.givenName(), p.familyName(), p.birthDate(), d.dischargeDate(), d.dischargeRecommendation(),
                    d.urgency(), d.triageNotes(), d.mobilityConcerns(), d.unresolvedConcerns(), d.symptomReporting(),
                    String.join("\n", d.needs()),
                    withBlanks(d.flags().stream().map(f -> row(f.medication(), f.risk(), f.severity())).toList()),
                    withBlanks(d.rules().stream().map(r -> row(r.when(), r.then())).toList()),
                    withBlanks(d.items().stream().map(a -> row(a.description(), a.windowHours() == null ? "" : a.windowHours().toString(),
                            a.responsibleAgency())).toList()));
        }

        /** The document these values make; a window that is not a whole number is named in errors. */
        HandoverDocument document(List<FieldError> errors) {
            List<HandoverDocument.MedicationFlag> f = new ArrayList<>();
            for (Row r : filled(flags)) {
                f.add(new HandoverDocument.MedicationFlag(v(r.cell(0)), v(r.cell(1)), v(r.cell(2))));
            }
            List<HandoverDocument.EscalationRule> e = new ArrayList<>();
            for (Row r : filled(rules)) {
                e.add(new HandoverDocument.EscalationRule(v(r.cell(0)), v(r.cell(1))));
            }
            List<HandoverDocument.ActionItem> a = new ArrayList<>();
            List<Row> filledItems = filled(items);
            for (int i = 0; i < filledItems.size(); i++) {
                Row r = filledItems.get(i);
                Integer hours = null;
                try {
                    hours = Integer.valueOf(r.cell(1).strip());
                } catch (NumberFormatException ex) {
                    errors.add(new FieldError("actionItems[" + i + "].windowHours", "a whole number of hours from 1 to 2160 (e.g. 24, 48, 72)"));
                }
                a.add(new HandoverDocument.ActionItem(v(r.cell(0)), hours, v(r.cell(2))));
            }
            List<String> needs = followUpNeeds == null ? List.of()
                    : Arrays.stream(followUpNeeds.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            return new HandoverDocument(new HandoverDocument.Person(v(localId), v(givenName), v(familyName), v(birthDate)), v(dischargeDate),
                    v(dischargeRecommendation), v(urgency), v(triageNotes), f.isEmpty() ? null : f, v(mobilityConcerns),
                    needs.isEmpty() ? null : needs, v(unresolvedConcerns), v(symptomReporting), e.isEmpty() ? null : e,
                    a.isEmpty() ? null : a);
        }
    }

    static List<Row> rows(List<String>... columns) {
        int n = 0;
        for (List<String> c : columns) {
            n = Math.max(n, c == null ? 0 : c.size());
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> cells = new ArrayList<>();
            for (List<String> c : columns) {
                cells.add(c != null && i < c.size() ? c.get(i) : "");
            }
            rows.add(new Row(cells));
        }
        return rows;
    }

    private static Row row(String... cells) {
        return new Row(Arrays.stream(cells).map(c -> c == null ? "" : c).toList());
    }

    private static List<Row> withBlanks(List<Row> rows) {
        List<Row> all = new ArrayList<>(rows);
        for (int i = 0; i < BLANK_ROWS; i++) {
            all.add(row("", "", ""));
        }
        return all;
    }

    private static List<Row> filled(List<Row> rows) {
        return rows == null ? List.of() : rows.stream().filter(r -> !r.blank()).toList();
    }

    private static String v(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
