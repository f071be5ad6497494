package org.carerelay.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.carerelay.catalogue.Urgency;

/**
 * The text of one notice: the minimum necessary. It says that an item is waiting, for which agency, its reference and
 * age, and gives the one-time links back into the portal. Never the client's name, the event type or its content:
 * built only from these arguments, so nothing else can slip in.
 */
public record NoticeMessage(String subject, String body) {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.US);

    /** What a notice is about; {@code openLink} and {@code acknowledgeLink} are absolute addresses under the public URL. */
    public record Facts(String agencyName, Urgency urgency, Stage stage, long deliveryId, Instant arrivedAt, Instant now,
            String openLink, String acknowledgeLink, Instant linkExpiresAt, ZoneId zone) {
    }

    public static String reference(long deliveryId) {
        return "delivery " + deliveryId;
    }

    public static NoticeMessage of(Facts f) {
        String item = f.urgency() == Urgency.URGENT_REVIEW ? "urgent item" : "item for follow-up";
        String waiting = f.stage() == Stage.TEAM_LEAD ? "is still waiting" : "is waiting";
        String subject = "1 " + item + " " + waiting + " for " + f.agencyName() + " in CareRelay";
        String body = subject + ".\n\n"
                + "Reference: " + reference(f.deliveryId()) + "\n"
                + "Waiting: " + age(Duration.between(f.arrivedAt(), f.now())) + " (arrived " + LOCAL.format(f.arrivedAt().atZone(f.zone()))
                + "), not yet acknowledged\n\n"
                + "Open it (you sign in to CareRelay first):\n" + f.openLink() + "\n\n"
                + "Acknowledge it (you sign in first; it is then acknowledged in your name):\n" + f.acknowledgeLink() + "\n\n"
                + "Either link works once, until " + LOCAL.format(f.linkExpiresAt().atZone(f.zone())) + " (" + f.zone().getId() + ")."
                + " After that, find the item by its reference in your CareRelay worklist.\n"
                + "This message holds no client details on purpose; they are only in CareRelay.\n\n"
                + "You receive it because this address is on the " + f.stage().label.toLowerCase(Locale.ROOT) + " of " + f.agencyName()
                + "; your agency admin keeps that list.\n";
        return new NoticeMessage(subject, body);
    }

    /** "45 min", "1 h 5 min", "2 days 3 h". */
    static String age(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return hours + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        return hours / 24 + " days" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
    }
}
