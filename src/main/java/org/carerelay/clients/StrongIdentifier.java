package org.carerelay.clients;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.carerelay.sql.Codes;

/**
 * A strong shared identifier a partner holds for a person, such as a Medicaid member id. Together
 * with an exact name and birth date it links an agency's record to an existing client without an
 * identity steward. The systems that count are listed here and nowhere else (docs/sharing-rules.md
 * and docs/partner-api.md describe them).
 */
public record StrongIdentifier(String system, String value) {

    /** The identifier systems that count as strong: issued once per person by a public programme. */
    public enum IdentifierSystem {
        MEDICAID("medicaid", "Medicaid member ID", Pattern.compile("[A-Z0-9]{4,20}"),
                "4 to 20 letters and digits, as on the state's Medicaid card"),
        MEDICARE_MBI("medicare-mbi", "Medicare Beneficiary Identifier (MBI)",
                Pattern.compile("[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9][0-9]"
                        + "[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y][0-9][0-9]"),
                "11 characters in the MBI format, e.g. 1EG4-TE5-MK73");

        public final String code;
        public final String label;
        public final Pattern format;
        public final String formatDescription;

        IdentifierSystem(String code, String label, Pattern format, String formatDescription) {
            this.code = code;
            this.label = label;
            this.format = format;
            this.formatDescription = formatDescription;
        }

        public static Optional<IdentifierSystem> of(String code) {
            return Codes.find(values(), s -> s.code, code);
        }

        public static List<String> codes() {
            return Arrays.stream(values()).map(s -> s.code).toList();
        }
    }

    /** The value as stored and compared: upper case, without spaces or hyphens. */
    public static String normalise(String value) {
        return value.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }
}
