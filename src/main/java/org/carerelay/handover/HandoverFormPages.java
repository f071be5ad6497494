package org.carerelay.handover;

import org.carerelay.access.Purpose;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.access.CurrentUser;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.events.EventIngest;
import org.carerelay.handover.HandoverForm.ErrorLink;
import org.carerelay.raise.RaiseClients;
import org.carerelay.raise.SourceAgreements;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;

/**
 * Hospital staff write a discharge handover: save it as a draft, come back to it, submit it. The pages
 * behind {@link HandoverNewResource} (the empty form), {@link HandoverFormResource} (a new handover posted)
 * and {@link HandoverDraftsResource} (the drafts and editing one). The form's field names are not fixed
 * (numbered rows), so it arrives as a map of the posted fields.
 */
@ApplicationScoped
public class HandoverFormPages {

    static final String SUBMITTED = "Submitted handovers are corrected, not edited: open the handover and issue a correction.";

    public record DraftLine(long id, String person, String updatedAt, List<String> missing) {
    }

    @CheckedTemplate(basePath = "HandoverForm")
    static class Templates {
        static native TemplateInstance form(HandoverFormView view);

        static native TemplateInstance drafts(List<DraftLine> drafts, String notice, Long submittedId);
    }

    @Inject
    HandoverService handovers;

    @Inject
    CurrentUser user;

    @Inject
    AgencyDirectory agencies;

    @Inject
    SourceAgreements agreements;

    @Inject
    RaiseClients clients;

    @Inject
    AuditLog audit;

    /** GET /handovers/new. */
    TemplateInstance start(String clientId) {
        Map<String, String> values = HandoverForm.values(null, defaultAgency());
        if (clientId != null && !clientId.isBlank()) {
            RaiseClients.Prefilled p;
            try {
                p = clients.open(Long.parseLong(clientId.trim()));
            } catch (NumberFormatException e) {
                throw ProblemException.notFound("There is no client " + clientId + ".");
            }
            values.put("givenName", p.givenName());
            values.put("familyName", p.familyName());
            values.put("birthDate", p.birthDate().toString());
            if (p.localId() != null) {
                values.put("clientLocalId", p.localId());
            }
        }
        return Templates.form(view(null, values, List.of(), null, null, null));
    }

    /** POST /handovers: a new handover saved as a draft or submitted. */
    Response create(Map<String, String> input) {
        return save(null, input);
    }

    /** GET /handovers/drafts. */
    TemplateInstance drafts() {
        return Templates.drafts(draftLines(), null, null);
    }

    /** GET /handovers/drafts/{id}/edit. */
    Response edit(long id, String saved) {
        Handover draft;
        try {
            draft = handovers.draft(id, submitter());
        } catch (ProblemException e) {
            return refused(e, id);
        }
        audit.record(AuditRecord.view("handover-draft", draft.id, null, List.of(), List.of("document"), Purpose.CARE_DELIVERY));
        Map<String, String> values = HandoverForm.values(draft.document, defaultAgency());
        return Response.ok(Templates.form(view(draft.id, values, List.of(), saved != null ? "Draft saved. Nothing has been shared yet." : null,
                null, HandoverRules.missing(draft.document)))).build();
    }

    /** POST /handovers/drafts/{id}. */
    Response update(long id, Map<String, String> input) {
        try {
            handovers.draft(id, submitter());
        } catch (ProblemException e) {
            return refused(e, id);
        }
        return save(id, input);
    }

    /** Saves the posted fields (names of 64 characters or more are not the form's and are dropped). */
    private Response save(Long draftId, Map<String, String> posted) {
        Map<String, String> input = new LinkedHashMap<>(posted);
        input.keySet().removeIf(name -> name.length() >= 64);
        String action = input.get("action");
        HandoverForm.Parsed parsed = HandoverForm.parse(input);
        EventIngest.Submitter submitter = submitter();
        List<FieldError> errors = new ArrayList<>(parsed.formErrors());
        if (errors.isEmpty()) {
            try {
                handovers.check(parsed.document(), submitter.agencyId());
            } catch (ProblemException e) {
                errors.addAll(e.errors);
            }
        }
        if (!errors.isEmpty()) {
            return invalid(draftId, input, parsed, errors);
        }
        try {
            if ("submit".equals(action)) {
                Handover h = draftId == null ? handovers.submit(parsed.document(), submitter)
                        : handovers.submitDraft(draftId, parsed.document(), submitter);
                return Response.seeOther(URI.create("/handovers/" + h.id)).build();
            }
            Handover h = handovers.saveDraft(draftId, parsed.document(), submitter);
            return Response.seeOther(URI.create("/handovers/drafts/" + h.id + "/edit?saved=1")).build();
        } catch (ProblemException e) {
            if (e.status == 400 && !e.errors.isEmpty()) {
                return invalid(draftId, input, parsed, e.errors);
            }
            if (e.status == 404 || (e.status == 409 && draftId != null)) {
                return refused(e, draftId == null ? 0 : draftId);
            }
            String refusal = e.status == 422 ? "The handover was not shared: " + e.getMessage() : e.getMessage();
            return Response.status(e.status).entity(Templates.form(view(draftId, input, List.of(), null, refusal,
                    HandoverRules.missing(parsed.document())))).build();
        }
    }

    private Response invalid(Long draftId, Map<String, String> input, HandoverForm.Parsed parsed, List<FieldError> errors) {
        Map<String, String> at = HandoverForm.byControl(errors, parsed);
        List<ErrorLink> links = new ArrayList<>();
        at.forEach((control, message) -> links.add(new ErrorLink(control, label(control) + ": " + message)));
        Map<String, String> values = new LinkedHashMap<>(input);
        values.putIfAbsent("defaultAgency", defaultAgency());
        return Response.status(400).entity(Templates.form(HandoverFormView.of(draftId, values, at, links, null, null,
                HandoverRules.missing(parsed.document()), handovers.responsibleAgencies(agency().id())))).build();
    }

    private Response refused(ProblemException e, long id) {
        if (e.status == 409) {
            return Response.status(409).entity(Templates.drafts(draftLines(), SUBMITTED, id)).build();
        }
        throw e;
    }

    private HandoverFormView view(Long draftId, Map<String, String> values, List<ErrorLink> errors, String saved, String refusal,
            List<String> missing) {
        values.putIfAbsent("defaultAgency", defaultAgency());
        return HandoverFormView.of(draftId, values, Map.of(), errors, saved, refusal, missing == null ? List.of() : missing, handovers.responsibleAgencies(agency().id()));
    }

    private List<DraftLine> draftLines() {
        return handovers.drafts(agency().id()).stream().map(h -> new DraftLine(h.id, person(h.document),
                h.updatedAt.toString().substring(0, 16).replace('T', ' ') + " UTC",
                HandoverRules.labels(HandoverRules.missing(h.document)))).toList();
    }

    private static String person(HandoverDocument d) {
        if (d.client() == null) {
            return "(no name yet)";
        }
        return d.client().givenName() + " " + d.client().familyName() + " (" + d.client().localId() + ")";
    }

    /** The first recipient of the agency's discharge-handover agreements: the usual responsible agency. */
    private String defaultAgency() {
        var lines = agreements.activeFrom(agency().id()).get(HandoverService.EVENT_TYPE);
        if (lines == null || lines.isEmpty()) {
            return "";
        }
        return agencies.find(lines.get(0).recipientAgencyId()).map(AgencyRef::slug).orElse("");
    }

    private AgencyRef agency() {
        return user.requireAgency();
    }

    private EventIngest.Submitter submitter() {
        return new EventIngest.Submitter(user.getUsername(), agency().id());
    }

    static String label(String control) {
        String base = control.replaceAll("^(flag|rule|item)-(\\d+)-", "");
        String row = "";
        if (control.matches("^(flag|rule|item)-\\d+-.*")) {
            String kind = control.startsWith("flag") ? "row" : control.startsWith("rule") ? "rule" : "item";
            row = " (" + kind + " " + (Integer.parseInt(control.replaceAll("^\\w+-(\\d+)-.*", "$1")) + 1) + ")";
        }
        String name = switch (control.replaceAll("-\\d+-.*", "")) {
            case "flag" -> "Medication risk flag " + base;
            case "rule" -> "Escalation rule " + ("if".equals(base) ? "\"If\"" : "\"Then\"");
            case "item" -> "Action item " + switch (base) {
                case "window" -> "window";
                case "agency" -> "responsible agency";
                default -> base;
            };
            default -> switch (control) {
                case "clientLocalId" -> "Your hospital's ID for this person";
                case "givenName" -> "Given name";
                case "familyName" -> "Family name";
                case "birthDate" -> "Date of birth";
                default -> HandoverPart.labelOf(control);
            };
        };
        return name.substring(0, 1).toUpperCase() + name.substring(1) + row;
    }
}
