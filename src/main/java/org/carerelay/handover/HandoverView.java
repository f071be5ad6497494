package org.carerelay.handover;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** One handover version as the handover page shows it to the signed-in person. */
public record HandoverView(long id, int version, HandoverStatus status, Long previousId, Long successorId, Long clientId, String clientName,
        String sourceAgency, String createdBy, Instant submittedAt, boolean incomplete, String missing, boolean source,
        MyDelivery myDelivery, HandoverDocument document, Set<String> visible, String withheldReason, List<Item> items,
        List<Query> queries, Set<String> disputed, List<Change> changes, List<Loop> loop, List<Contact> contacts, Instant now) {

    public boolean superseded() {
        return status == HandoverStatus.SUPERSEDED || successorId != null;
    }

    public boolean shows(String part) {
        return visible.contains(part);
    }

    public boolean isDisputed(String field) {
        return disputed.contains(field);
    }

    public boolean corrected() {
        return previousId != null;
    }

    public boolean canAct() {
        return !superseded() && status != HandoverStatus.DRAFT;
    }

    public String recommendation() {
        return HandoverReading.words(document.dischargeRecommendation());
    }

    public String urgency() {
        return HandoverReading.words(document.urgency());
    }

    /** The viewer's agency's delivery of this handover. */
    public record MyDelivery(long id, String state, boolean acknowledgeable) {
    }

    public record Item(long id, int position, String description, int windowHours, Instant dueAt, String responsibleAgency,
            boolean mine, ActionItemState state, String outcome, String note, String completedBy, Instant completedAt, Instant escalatedAt) {

        public boolean open() {
            return state == ActionItemState.OPEN;
        }

        public boolean overdue(Instant now) {
            return open() && now.isAfter(dueAt);
        }

        public boolean escalated() {
            return open() && escalatedAt != null;
        }

        public String outcomeWords() {
            return outcome == null ? "" : ActionItemOutcome.of(outcome).map(o -> o.words).orElse(ActionItemOutcome.COULD_NOT_COMPLETE.words);
        }
    }

    public record Query(long id, String field, QueryKind kind, String text, String raisedBy, Instant raisedAt, QueryStatus status,
            String answer) {

        public String fieldLabel() {
            return field == null ? "The whole handover" : HandoverPart.of(field).map(HandoverPart::heading).orElse(field);
        }
    }

    public record Change(String part, String label, String before, String after) {
    }

    public record Loop(long deliveryId, String agency, String state, String owner, Instant dueAt, boolean overdue,
            Instant escalatedAt, String outcome) {
    }

    public record Contact(Instant at, String method, String recordedBy, String agency, String note) {
    }
}
