package org.carerelay.demo;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.sharing.AgreementRegister;
import org.carerelay.sharing.AgreementRegister.Terms;
import org.carerelay.sharing.LegalBasis;

/** The demo network's sharing agreements (DEMO-NETWORK.md): the three pathways. */
final class DemoAgreements {

    private DemoAgreements() {
    }

    static void register(AgreementRegister register, AgencyDirectory agencies, LocalDate today) {
        LocalDate review = today.plusMonths(9);
        agreement(register, agencies, "RIV-EAST-DISCHARGE", "Hospital discharge to community response",
                "riverside-hospital", "eastside-community", LegalBasis.TREATMENT,
                "Safe transfer of care after discharge: first contact, medication review and follow-up by the community response team.",
                review, true, types(
                        "DISCHARGE_HANDOVER", null, "SYMPTOM_DETERIORATION", null, "FOLLOW_UP_SCHEDULED", null,
                        "FOLLOW_UP_COMPLETED", null));
        agreement(register, agencies, "EAST-RIV-FEEDBACK", "Community response feedback to the discharge team",
                "eastside-community", "riverside-hospital", LegalBasis.TREATMENT,
                "Tell the discharging team when the person deteriorates or misses follow-up, so the loop is closed.",
                review, true, types("SYMPTOM_DETERIORATION", null, "FOLLOW_UP_MISSED", null, "FOLLOW_UP_COMPLETED", null));
        agreement(register, agencies, "MB-HARBOR-CONTINUITY", "Behavioral-health continuity: MindBridge to Harbor",
                "mindbridge-bh", "harbor-support", LegalBasis.CARE_COORDINATION,
                "Continuity of support after crisis: missed contacts, medication adherence, safeguarding and follow-up commitments. Behavioral-health details only with the client's consent.",
                review, true, types(
                        "MISSED_CONTACT_AFTER_CRISIS", null, "MEDICATION_ADHERENCE_RISK_CHANGE", null,
                        "SAFEGUARDING_CONCERN", null, "SAFEGUARDING_CONCERN_CLOSED", null, "FOLLOW_UP_SCHEDULED", null,
                        "FOLLOW_UP_MISSED", null, "FOLLOW_UP_COMPLETED", null));
        agreement(register, agencies, "HARBOR-MB-CONTINUITY", "Behavioral-health continuity: Harbor to MindBridge",
                "harbor-support", "mindbridge-bh", LegalBasis.CARE_COORDINATION,
                "Harbor tells MindBridge about missed follow-ups, safeguarding concerns and completed contacts.",
                review, true, types("FOLLOW_UP_MISSED", null, "FOLLOW_UP_COMPLETED", null, "SAFEGUARDING_CONCERN", null,
                        "SAFEGUARDING_CONCERN_CLOSED", null));
        List<String> housingSummary = List.of("riskType", "tenancyEndDate", "rentArrearsAmount", "details");
        for (String recipient : List.of("county-welfare", "harbor-support")) {
            agreement(register, agencies, "NORTHGATE-" + code(recipient) + "-HOUSING", "Housing risk: Northgate to " + recipient,
                    "northgate-housing", recipient, LegalBasis.CARE_COORDINATION,
                    "Prevent homelessness: tell the agency that can help with money or support when a tenancy is at risk.",
                    review, true, types("HOUSING_INSTABILITY_ALERT", housingSummary, "HOUSING_STABILISED", null,
                            "URGENT_ACCESS_PROBLEM", null));
        }
        agreement(register, agencies, "NORTHGATE-EAST-ACCESS", "Urgent access problems: Northgate to Eastside",
                "northgate-housing", "eastside-community", LegalBasis.VITAL_INTERESTS,
                "A tenant who cannot get heating, power, food or medication today needs a community response.",
                review, true, types("URGENT_ACCESS_PROBLEM", null));
        for (String recipient : List.of("northgate-housing", "harbor-support")) {
            agreement(register, agencies, "WELFARE-" + code(recipient) + "-BENEFITS", "Benefits and welfare contact: County Welfare to " + recipient,
                    "county-welfare", recipient, LegalBasis.CARE_COORDINATION,
                    "Keep rent and support going when benefits stop or a welfare contact is missed.",
                    review, true, types("BENEFITS_INTERRUPTION", List.of("benefit", "interruptedOn", "expectedRestoration"),
                            "BENEFITS_RESTORED", null, "MISSED_WELFARE_CONTACT", List.of("appointmentAt", "appointmentType")));
        }
        for (String source : List.of("harbor-support", "eastside-community")) {
            for (String recipient : List.of("northgate-housing", "county-welfare")) {
                agreement(register, agencies, code(source) + "-" + code(recipient) + "-ACCESS", "Urgent access problems: " + source + " to " + recipient,
                        source, recipient, LegalBasis.VITAL_INTERESTS,
                        "Get essential needs met today by the agency that can act.",
                        review, true, types("URGENT_ACCESS_PROBLEM", null));
            }
        }
        // Multi-agency concerns (issue 16): raised for the network by the commissioning agency, to every agency involved.
        for (String recipient : List.of("riverside-hospital", "eastside-community", "mindbridge-bh", "harbor-support",
                "northgate-housing", "county-welfare")) {
            agreement(register, agencies, "COUNTY-" + code(recipient) + "-CONCERNS", "Multi-agency concerns: the network to " + recipient,
                    "county-commissioning", recipient, LegalBasis.CARE_COORDINATION,
                    "Tell every agency involved when signals about one person from several agencies together match a concern rule.",
                    review, true, types("MULTI_AGENCY_CONCERN", null));
        }
        // Under review: suspended until the hospital's privacy office signs off; past its review date.
        agreement(register, agencies, "RIV-HARBOR-DISCHARGE", "Hospital discharge to long-term support (suspended)",
                "riverside-hospital", "harbor-support", LegalBasis.TREATMENT,
                "Discharge handovers for people Harbor already supports. Suspended pending privacy review.",
                today.minusMonths(1), false, types("DISCHARGE_HANDOVER", null));
    }

    private static String code(String slug) {
        return slug.split("-")[0].toUpperCase();
    }

    private static Map<String, List<String>> types(Object... pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> fields = (List<String>) pairs[i + 1];
            map.put((String) pairs[i], fields);
        }
        return map;
    }

    private static void agreement(AgreementRegister register, AgencyDirectory agencies, String code, String title, String source,
            String recipient, LegalBasis basis, String purpose, LocalDate review, boolean active, Map<String, List<String>> types) {
        register.register(new Terms(code, title, agencies.find(source).orElseThrow().id(), agencies.find(recipient).orElseThrow().id(),
                basis, purpose, review, active, types));
    }
}
