package org.carerelay.raise;

import java.util.List;

/** What the "Raise an event" pages show. Plain data: every text is escaped when rendered. */
public final class RaiseView {

    private RaiseView() {
    }

    /** Step 1: the types the agency may send, per pathway. */
    public record Choice(String code, String title, String meaning, String urgency, String urgencyCode, int windowHours,
            List<String> recipients) {
    }

    public record ChoiceGroup(String code, String name, List<Choice> choices) {
    }

    /** The client chosen before the form opened: shown, not typed again. */
    public record ClientSummary(long id, String name, java.time.LocalDate birthDate, String localId) {
    }

    /** One choice of a select or radio group. */
    public record Option(String id, String value, String label, boolean selected) {
    }

    /**
     * One form control. kind: text, date, datetime, number, textarea, list, select, boolean.
     * name is the form parameter; id the element (and error-summary anchor); error null when valid.
     */
    public record Control(String id, String name, String label, String kind, boolean required, String value,
            List<Option> options, String hint, String error) {

        public String inputType() {
            return switch (kind) {
                case "date" -> "date";
                case "datetime" -> "datetime-local";
                case "number" -> "number";
                default -> "text";
            };
        }

        public boolean multiline() {
            return kind.equals("textarea") || kind.equals("list");
        }

        public String describedBy() {
            return id + "-hint" + (error == null ? "" : " " + id + "-error");
        }
    }

    public record Section(String id, String heading, List<Control> controls) {
    }

    /** An error for the summary: a link to the control and what is wrong. */
    public record SummaryError(String anchor, String message) {
    }

    /** One recipient in the preview: on what terms, and exactly which fields it will see. */
    public record RecipientLine(String agency, String agreementTitle, String agreementCode, String legalBasis, String purpose,
            List<String> fieldsSeen, List<String> fieldsWithheld, String consent, boolean minimumNotice) {
    }

    public record Preview(List<RecipientLine> recipients, List<String> refusals, String refusal) {
    }

    /** Step 2: the whole form, with what was typed, the errors and, after a preview, the recipients. */
    public record FormView(String typeCode, String title, String meaning, String action, String urgency, String urgencyCode,
            int windowHours, String sensitivity, ClientSummary client, List<Section> sections, List<SummaryError> errors,
            boolean previewRequested, Preview preview, String notice) {

        public boolean showSummary() {
            return !errors.isEmpty() && !previewRequested;
        }
    }
}
