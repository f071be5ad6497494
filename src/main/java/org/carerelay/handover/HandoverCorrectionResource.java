package org.carerelay.handover;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.carerelay.access.CurrentUser;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.events.EventIngest;
import org.carerelay.web.ProblemException;
import org.jboss.resteasy.reactive.RestForm;

/** The source's correction of its latest submitted handover: the form, and the new version it shares. */
@Path("/handovers/{id}/correct")
@RolesAllowed("frontline")
public class HandoverCorrectionResource {

    /** What the correction form shows. */
    public record CorrectView(Handover handover, HandoverCorrectionForm.Values values, String note, List<AgencyDirectory.AgencyRef> agencies,
            String notice, List<ProblemException.FieldError> errors) {
        public int nextVersion() {
            return handover.version + 1;
        }

        public List<String> recommendations() {
            return HandoverRules.RECOMMENDATIONS.stream().sorted().toList();
        }

        public List<String> urgencies() {
            return HandoverRules.URGENCIES.stream().sorted().toList();
        }

        public List<String> severities() {
            return List.of("low", "medium", "high");
        }
    }

    @CheckedTemplate(basePath = "HandoverQueries")
    static class Templates {
        static native TemplateInstance correct(CorrectView view);
    }

    @Inject
    HandoverCorrections corrections;

    @Inject
    HandoverService handovers;

    @Inject
    CurrentUser user;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance correctForm(@PathParam("id") long id) {
        Handover h = corrections.correctable(id, agencyId());
        return Templates.correct(new CorrectView(h, HandoverCorrectionForm.Values.of(h.document), "", handovers.responsibleAgencies(agencyId()), null, List.of()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response correct(@PathParam("id") long id, @RestForm String note, @RestForm String localId, @RestForm String givenName,
            @RestForm String familyName, @RestForm String birthDate, @RestForm String dischargeDate,
            @RestForm String dischargeRecommendation, @RestForm String urgency, @RestForm String triageNotes,
            @RestForm String mobilityConcerns, @RestForm String unresolvedConcerns, @RestForm String symptomReporting,
            @RestForm String followUpNeeds, @RestForm List<String> flagMedication, @RestForm List<String> flagRisk,
            @RestForm List<String> flagSeverity, @RestForm List<String> ruleIf, @RestForm List<String> ruleThen,
            @RestForm List<String> itemDescription, @RestForm List<String> itemHours, @RestForm List<String> itemAgency) {
        Handover h = corrections.correctable(id, agencyId());
        List<ProblemException.FieldError> parseErrors = new ArrayList<>();
        HandoverCorrectionForm.Values values = new HandoverCorrectionForm.Values(localId, givenName, familyName, birthDate, dischargeDate,
                dischargeRecommendation, urgency, triageNotes, mobilityConcerns, unresolvedConcerns, symptomReporting, followUpNeeds,
                HandoverCorrectionForm.rows(flagMedication, flagRisk, flagSeverity), HandoverCorrectionForm.rows(ruleIf, ruleThen),
                HandoverCorrectionForm.rows(itemDescription, itemHours, itemAgency));
        HandoverDocument document = values.document(parseErrors);
        try {
            if (!parseErrors.isEmpty()) {
                throw ProblemException.invalid("Some values are invalid.", parseErrors);
            }
            HandoverCorrections.Result result = corrections.correct(id, document, note,
                    new EventIngest.Submitter(user.getUsername(), agencyId()));
            if (result.corrected() == null) {
                return Response.ok(Templates.correct(new CorrectView(h, values, note, handovers.responsibleAgencies(agencyId()), result.message(), List.of()))).build();
            }
            return Response.seeOther(URI.create("/handovers/" + result.corrected().id + "/queries?notice=corrected")).build();
        } catch (ProblemException e) {
            if (e.status != 400) {
                throw e;
            }
            return Response.status(400).entity(Templates.correct(new CorrectView(h, values, note, handovers.responsibleAgencies(agencyId()), e.getMessage(), e.errors)))
                    .build();
        } catch (RuntimeException e) {
            throw conflictIfSecondCorrection(e);
        }
    }

    private static RuntimeException conflictIfSecondCorrection(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("handover_one_successor")) {
                return ProblemException.conflict("handover-already-corrected",
                        "This version was corrected by someone else at the same time. Open the latest version and correct that one if needed.");
            }
        }
        return e;
    }

    private long agencyId() {
        return user.requireAgencyId();
    }
}
