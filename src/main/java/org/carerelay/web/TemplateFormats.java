package org.carerelay.web;

import io.quarkus.qute.TemplateExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How times and dates read on every page: the network's local time zone, unambiguous formats. */
@TemplateExtension
public class TemplateFormats {

    static final ZoneId ZONE = org.carerelay.clock.NetworkTimeZone.zone();
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm z", Locale.US).withZone(ZONE);
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.US);
    static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZONE);

    /** e.g. "Wed 25 Nov 2026, 09:30 EST". */
    public static String local(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant);
    }

    /** Machine-readable, for the datetime attribute of time elements. */
    static String iso(Instant instant) {
        return instant == null ? "" : ISO.format(instant);
    }

    public static String readable(LocalDate date) {
        return date == null ? "" : DATE.format(date);
    }

    /** "in 3 h 20 min" or "5 h ago", relative to now (the one way pages say how far off a time is). */
    static String relativeTo(Instant instant, Instant now) {
        if (instant == null) {
            return "";
        }
        Duration d = Duration.between(now, instant);
        String span = span(d.abs());
        return d.isNegative() ? span + " ago" : "in " + span;
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

    /** Plain words for a code: "urgent_review" → "urgent review". */
    static String words(String code) {
        return code == null ? "" : code.replace('_', ' ');
    }
}
