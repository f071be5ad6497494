package org.carerelay.deliveries;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carerelay.web.ProblemException;

/**
 * The cursor-paged pull of an agency's deliveries. Order is (creating transaction id, delivery id),
 * and only deliveries whose transaction is older than every transaction still in flight are
 * returned (pg_snapshot_xmin). A delivery committed late by an older transaction therefore
 * cannot land behind a cursor that has already moved past it: nothing is ever skipped.
 */
@ApplicationScoped
public class DeliveryFeed {

    public static final int MAX_LIMIT = 500;
    private static final Pattern CURSOR = Pattern.compile("(\\d{1,20}):(\\d{1,19})");

    public record Item(long id, long eventId, String type, int typeVersion, String sourceAgency, String urgency, String state,
            Instant createdAt, Instant dueAt, boolean minimumNotice) {
    }

    public record Page(List<Item> items, String next) {
    }

    @Inject
    DeliveryStore store;

    public Page page(long agencyId, String after, int limit) {
        String txid = "0";
        long id = 0;
        if (after != null && !after.isBlank()) {
            Matcher m = decode(after);
            txid = m.group(1);
            id = Long.parseLong(m.group(2));
        }
        List<DeliveryStore.FeedRow> rows = store.feed(agencyId, txid, id, limit);
        List<Item> items = rows.stream().map(r -> new Item(r.id(), r.eventId(), r.type(), r.typeVersion(), r.sourceAgency(), r.urgency(),
                r.state(), r.createdAt(), r.dueAt(), r.minimumNotice())).toList();
        String next = after;
        if (!rows.isEmpty()) {
            DeliveryStore.FeedRow last = rows.get(rows.size() - 1);
            next = encode(last.createdTxid(), last.id());
        }
        return new Page(items, next == null || next.isBlank() ? null : next);
    }

    static String encode(String txid, long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((txid + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    static Matcher decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            Matcher m = CURSOR.matcher(raw);
            if (m.matches()) {
                Long.parseLong(m.group(2)); // a delivery id beyond the long range is reported below, not a server error
                return m;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ProblemException.invalid("The cursor is not one this feed gave out.",
                List.of(new ProblemException.FieldError("after", "not a valid cursor; use the 'next' value of the previous page")));
    }
}
