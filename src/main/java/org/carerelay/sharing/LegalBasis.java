package org.carerelay.sharing;

import java.util.Optional;
import org.carerelay.sql.Codes;

/** The documented legal bases a sharing agreement may rest on. */
public enum LegalBasis {
    TREATMENT("treatment", "Treatment (HIPAA: disclosure for treatment)"),
    CARE_COORDINATION("care_coordination", "Care coordination"),
    CONSENT("consent", "The client's consent"),
    SAFEGUARDING_DUTY("safeguarding_duty", "Safeguarding duty (protection from abuse or neglect)"),
    LEGAL_OBLIGATION("legal_obligation", "Required by law"),
    VITAL_INTERESTS("vital_interests", "Serious and imminent threat to health or safety");

    public final String code;
    public final String label;

    LegalBasis(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public static Optional<LegalBasis> of(String code) {
        return Codes.find(values(), b -> b.code, code);
    }
}
