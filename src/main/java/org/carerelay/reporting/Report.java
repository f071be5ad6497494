package org.carerelay.reporting;

import java.time.Instant;
import java.util.List;

/** One commissioner report as the page and the CSV show it. */
public record Report(String slug, String title, String question, List<Definition> definitions, List<Section> sections,
        List<String> notes, ReportFilter filter, Instant asOf) {

    /** A figure's name and its plain-language meaning. */
    public record Definition(String term, String meaning) {

        /** What "<5" and "n/s" mean where a hidden count could be worked out from {@code figuresShown} ("the others", "the totals"). */
        static Definition smallCounts(String figuresShown) {
            return new Definition("<5 and n/s", "A count from 1 to 4 is shown as <5; n/s marks a figure not shown so that a small "
                    + "number cannot be worked out from " + figuresShown + ".");
        }

        /** What "<5" and "n/s" mean where only shares are hidden. */
        static Definition smallShares() {
            return new Definition("<5 and n/s", "A count from 1 to 4 is shown as <5; n/s marks a share not shown because it would "
                    + "reveal a small number.");
        }
    }

    /** What a report is called in its address and on the page, and the question it answers. */
    public record About(String slug, String title, String question) {
    }

    /** A table, the chart drawn from it (or null) and a sentence on what it shows. */
    public record Section(String heading, String intro, ReportTable table, BarChart chart) {
    }

    /** What each report class provides. */
    public interface Builder {
        About about();

        default String slug() {
            return about().slug();
        }

        default String title() {
            return about().title();
        }

        default String question() {
            return about().question();
        }

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
