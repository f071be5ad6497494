package org.carerelay.raise;

import org.carerelay.clock.NetworkTimeZone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carerelay.access.CurrentUser;
import org.carerelay.agencies.AgencyDirectory.AgencyRef;
import org.carerelay.catalogue.Catalogue;
import org.carerelay.catalogue.EventType;
import org.carerelay.events.EventIngest;
import org.carerelay.events.EventSubmission;
import org.carerelay.raise.RaiseView.Choice;
import org.carerelay.raise.RaiseView.ChoiceGroup;
import org.carerelay.raise.RaiseView.ClientSummary;
import org.carerelay.raise.RaiseView.FormView;
import org.carerelay.raise.RaiseView.Preview;
import org.carerelay.raise.RaiseView.Section;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;

/**
 * Raising an event from the portal: which types the agency may send, the form for one type, the
 * preview of its recipients, and the submission through the same validation and ingest as the
 * partner API. Nothing is stored unless the whole event is valid and an agreement covers it.
 */
@ApplicationScoped
public class RaiseEventService {

    static final DateTimeFormatter LOCAL_MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    /** The outcome of a submission: stored (the event id), or the form again with why not. */
    public record Submitted(Long eventId, int status, FormView form) {
    }

    @Inject
    Catalogue catalogue;

    @Inject
    EventIngest ingest;

    @Inject
    SourceAgreements agreements;

    @Inject
    RecipientPreview recipients;

    @Inject
    RaiseClients clients;

    @Inject
    CurrentUser user;

    @Inject
    Clock clock;

    @Inject
    NetworkTimeZone network;

    AgencyRef agency() {
        return user.requireAgency();
    }

    /** Step 1: the types with at least one active agreement from the user's agency, per pathway. */
    public List<ChoiceGroup> choices() {
        Map<String, List<SourceAgreements.Line>> sendable = agreements.activeFrom(agency().id());
        List<EventType> types = catalogue.currentTypes().stream().filter(t -> sendable.containsKey(t.code)).toList();
        List<ChoiceGroup> groups = new ArrayList<>();
        for (String pathway : Wording.PATHWAYS) {
            List<Choice> choices = types.stream().filter(t -> t.pathway.equals(pathway)).map(t -> new Choice(t.code, t.title, t.meaning,
                    Wording.urgency(t.urgency), t.urgency, t.windowHours,
                    sendable.get(t.code).stream().map(SourceAgreements.Line::recipient).distinct().toList())).toList();
            if (!choices.isEmpty()) {
                groups.add(new ChoiceGroup(pathway, Wording.pathway(pathway), choices));
            }
        }
        return groups;
    }

    /** The current catalogue type of that code; 400 (a form without a type) when there is none. */
    public EventType type(String code) {
        return catalogue.current(code == null ? null : code.trim()).orElseThrow(() -> ProblemException.invalid(
                "Choose an event type first.", List.of(new FieldError("type", "choose one of the event types your agency may send"))));
    }

    public java.util.Optional<EventType> currentType(String code) {
        return catalogue.current(code);
    }

    /** Whether an active agreement lets the user's agency send this type. */
    public boolean maySend(EventType type) {
        return agreements.activeFrom(agency().id()).containsKey(type.code);
    }

    public RaiseClients.Prefilled prefilled(String clientId) {
        if (clientId == null || clientId.isBlank()) {
            return null;
        }
        try {
            return clients.open(Long.parseLong(clientId.trim()));
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("There is no client " + clientId + ".");
        }
    }

    /** Step 2, as first opened. */
    public FormView newForm(EventType type, RaiseClients.Prefilled prefilled) {
        return view(type, Map.of(), prefilled, List.of(), false, null, null);
    }

    /** The preview: the errors if the event is not valid yet, otherwise who would receive it. Stores nothing. */
    public FormView preview(EventType type, Map<String, String> input) {
        RaiseClients.Prefilled prefilled = prefilled(input.get(RaiseForm.CLIENT_ID));
        Checked checked = check(type, input, prefilled);
        if (!checked.errors().isEmpty()) {
            return view(type, input, prefilled, checked.errors(), true, null, null);
        }
        AgencyRef agency = agency();
        Long known = prefilled != null ? Long.valueOf(prefilled.clientId())
                : clients.byLocalId(agency.id(), checked.submission().client().localId());
        Preview preview = recipients.preview(agency.id(), agency.name(), type, checked.submission(), known);
        return view(type, input, prefilled, List.of(), true, preview, null);
    }

    /** Validates and, when valid and covered by an agreement, stores and routes the event. */
    public Submitted submit(EventType type, Map<String, String> input) {
        RaiseClients.Prefilled prefilled = prefilled(input.get(RaiseForm.CLIENT_ID));
        Checked checked = check(type, input, prefilled);
        if (!checked.errors().isEmpty()) {
            return new Submitted(null, 400, view(type, input, prefilled, checked.errors(), false, null, null));
        }
        try {
            EventSubmission submission = prefilled == null ? checked.submission() : checked.submission().raisedFrom(prefilled.clientId());
            EventIngest.Result result = ingest.ingest(submission, new EventIngest.Submitter(user.getUsername(), agency().id()));
            return new Submitted(result.eventId(), 303, null);
        } catch (ProblemException e) {
            if (e.status == 422) {
                return new Submitted(null, 422, view(type, input, prefilled, List.of(), false, null, e.getMessage()));
            }
            if (e.status == 400) {
                return new Submitted(null, 400, view(type, input, prefilled, e.errors, false, null, null));
            }
            throw e;
        }
    }

    record Checked(EventSubmission submission, List<FieldError> errors) {
    }

    Checked check(EventType type, Map<String, String> input, RaiseClients.Prefilled prefilled) {
        RaiseForm.Conversion conversion = RaiseForm.toBody(type, input, prefilled, zone());
        List<FieldError> errors = new ArrayList<>(conversion.errors());
        EventSubmission submission = null;
        try {
            submission = ingest.validator().validate(conversion.body());
        } catch (ProblemException e) {
            List<String> converted = conversion.errors().stream().map(FieldError::field).toList();
            e.errors.stream().filter(fe -> !converted.contains(fe.field())).forEach(errors::add);
        }
        return new Checked(errors.isEmpty() ? submission : null, errors);
    }

    FormView view(EventType type, Map<String, String> input, RaiseClients.Prefilled prefilled, List<FieldError> errors,
            boolean previewRequested, Preview preview, String notice) {
        Map<String, String> byControl = RaiseForm.byControl(errors);
        List<Section> sections = RaiseForm.sections(type, input, prefilled, byControl, defaultOccurredAt());
        ClientSummary client = prefilled == null ? null : new ClientSummary(prefilled.clientId(), prefilled.name(),
                prefilled.birthDate(), prefilled.localId());
        return new FormView(type.code, type.title, type.meaning, type.action, Wording.urgency(type.urgency), type.urgency,
                type.windowHours, Wording.sensitivity(type.sensitivity), client, sections, RaiseForm.summary(sections, byControl),
                previewRequested, preview, notice);
    }

    ZoneId zone() {
        return network.timeZone();
    }

    String defaultOccurredAt() {
        return LocalDateTime.now(clock.withZone(zone())).truncatedTo(ChronoUnit.MINUTES).format(LOCAL_MINUTES);
    }
}
