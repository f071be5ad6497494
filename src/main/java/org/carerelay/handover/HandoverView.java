package org.carerelay.handover;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** One handover version as the handover page shows it to the signed-in person. */
public record HandoverView(long id, int version, String status, Long previousId, Long successorId, Long clientId, String clientName,
        String sourceAgency, String createdBy, Instant submittedAt, boolean incomplete, String missing, boolean source,
        MyDelivery myDelivery, HandoverDocument document, Set<String> visible, String withheldReason, List<Item> items,
        List<Query> queries, Set<String> disputed, List<Change> changes, List<Loop> loop, List<Contact> contacts, Instant now) {

    public boolean superseded() {
        return "superseded".equals(status) || successorId != null;
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
        return !superseded() && !"draft".equals(status);
    }

    public boolean anyOverdue() {
        return items.stream().anyMatch(i -> i.overdue(now));
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
            boolean mine, String state, String outcome, String note, String completedBy, Instant completedAt, Instant escalatedAt) {

        public boolean open() {
            return "open".equals(state);
        }

        public boolean overdue(Instant now) {
            return open() && now.isAfter(dueAt);
        }

        public boolean escalated() {
            return open() && escalatedAt != null;
        }

        /** "in 23 h 59 min" or "overdue by 1 h". */
        public String relative(Instant now) {
            Duration d = Duration.between(now, dueAt);
            return d.isNegative() ? span(d.abs()) + " ago" : "in " + span(d);
        }

        public String outcomeWords() {
            return outcome == null ? "" : switch (outcome) {
                case "done" -> "done";
                case "not_needed" -> "not needed";
                default -> "could not complete";
            };
        }

        static String span(Duration d) {
            long minutes = d.toMinutes();
            if (minutes < 60) {
                return minutes + " min";
            }
            long hours = d.toHours();
            if (hours < 48) {
                long rest = minutes - hours * 60;
                return rest == 0 ? hours + " h" : hours + " h " + rest + " min";
            }
            return d.toDays() + " days";
        }
    }

    public record Query(long id, String field, String kind, String text, String raisedBy, Instant raisedAt, String status,
            String answer) {

        public String fieldLabel() {
            return field == null ? "The whole handover" : HandoverReading.LABELS.getOrDefault(field, field);
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
