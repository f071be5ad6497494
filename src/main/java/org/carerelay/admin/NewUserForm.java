package org.carerelay.admin;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The "Add a staff account" form: what the admin typed, and what is wrong with it. */
public record NewUserForm(String username, String firstName, String lastName, String email) {

    static final Pattern USERNAME = Pattern.compile("[a-z0-9](?:[a-z0-9._-]{1,38})[a-z0-9]");
    static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");
    static final Pattern NAME_FORBIDDEN = Pattern.compile("[<>&\"$%!#?§;*~/\\\\|^=\\[\\]{}()\\p{Cntrl}]");
    static final int NAME_MAX = 100;

    public static NewUserForm empty() {
        return new NewUserForm("", "", "", "");
    }

    /** Trims every field and lower-cases the username and email (Keycloak stores them lower-case). */
    public static NewUserForm of(String username, String firstName, String lastName, String email) {
        return new NewUserForm(clean(username).toLowerCase(Locale.ROOT), clean(firstName), clean(lastName),
                clean(email).toLowerCase(Locale.ROOT));
    }

    /** Field name to message, in form order; empty when the form can be sent to Keycloak. */
    public Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        if (username.isEmpty()) {
            problems.put("username", "Enter a username.");
        } else if (!USERNAME.matcher(username).matches()) {
            problems.put("username", "Use 3 to 40 characters: lower-case letters, digits, dots, hyphens or underscores,"
                    + " starting and ending with a letter or digit (for example jordan.reyes).");
        }
        name(problems, "firstName", firstName, "first name");
        name(problems, "lastName", lastName, "last name");
        if (email.isEmpty()) {
            problems.put("email", "Enter an email address.");
        } else if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            problems.put("email", "Enter an email address like name@agency.org.");
        }
        return problems;
    }

    private static void name(Map<String, String> problems, String field, String value, String label) {
        if (value.isEmpty()) {
            problems.put(field, "Enter a " + label + ".");
        } else if (value.length() > NAME_MAX) {
            problems.put(field, "Use at most " + NAME_MAX + " characters for the " + label + ".");
        } else if (NAME_FORBIDDEN.matcher(value).find()) {
            problems.put(field, "Use letters, spaces, hyphens, apostrophes and dots only in the " + label + ".");
        }
    }

    private static String clean(String value) {
        return value == null ? "" : value.strip();
    }
}
