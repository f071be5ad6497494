package org.carerelay.notify;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One contact address as the agency admin types it: a single plain email address (a pager or SMS relay address is
 * just another address), stored lower-case. A display name, a second address, spaces or commas are refused, so an
 * address can never add recipients or headers to a message.
 */
public final class ContactAddress {

    static final String LABEL = "Email address";
    static final int MAX_LENGTH = 254;
    private static final Pattern ADDRESS = Pattern.compile(
            "[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");

    private ContactAddress() {
    }

    /** The address to store, lower-case and trimmed. */
    public static String clean(String typed) {
        return typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
    }

    /** What is wrong with the (cleaned) address, naming the field by its label; empty when it can be stored. */
    public static Optional<String> problem(String address) {
        if (address.isEmpty()) {
            return Optional.of(LABEL + ": enter an email address, like oncall@agency.org.");
        }
        if (address.length() > MAX_LENGTH) {
            return Optional.of(LABEL + ": use at most " + MAX_LENGTH + " characters.");
        }
        if (address.contains(",") || address.contains(";") || address.contains(" ") || address.contains("<")) {
            return Optional.of(LABEL + ": enter one address only, without a name (add each address on its own).");
        }
        if (!ADDRESS.matcher(address).matches() || address.indexOf('@') > 64) {
            return Optional.of(LABEL + ": \"" + address + "\" is not an email address; enter one like oncall@agency.org"
                    + " (a pager or SMS relay address is fine).");
        }
        return Optional.empty();
    }
}
