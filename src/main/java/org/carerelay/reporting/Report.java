package org.carerelay.reporting;

import java.time.Instant;
import java.util.List;

/** One commissioner report as the page and the CSV show it. */
public record Report(String slug, String title, String question, List<Definition> definitions, List<Section> sections,
        List<String> notes, ReportFilter filter, Instant asOf) {

    /** A figure's name and its plain-language meaning. */
    public record Definition(String term, String meaning) {
    }

    /** A table, the chart drawn from it (or null) and a sentence on what it shows. */
    public record Section(String heading, String intro, ReportTable table, BarChart chart) {
    }

    /** What each report class provides. */
    public interface Builder {
        String slug();

        String title();

        String question();

        List<Definition> definitions();

        /** Whether the event type and pathway filters apply to this report. */
        default boolean usesTypeFilters() {
            return true;
        }

        List<Section> sections(ReportFilter filter);
    }

    public ReportTable table(String id) {
        return sections.stream().map(Section::table).filter(t -> t.id.equals(id)).findFirst().orElse(null);
    }
}
