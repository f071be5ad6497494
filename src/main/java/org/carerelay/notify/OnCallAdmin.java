package org.carerelay.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carerelay.access.Purpose;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.catalogue.Urgency;
import org.carerelay.web.ProblemException;

/**
 * The agency admin's on-call settings: the two contact lists and the rule per urgency, and the newest notices with how
 * each send went. Everything is the caller's own agency's (from the token); another agency's contact id is refused like
 * an unknown one (404) with a denied audit entry. A bad address or threshold stores nothing.
 */
@ApplicationScoped
public class OnCallAdmin {

    static final int MAX_CONTACTS = 20;
    static final int NOTICES_SHOWN = 50;

    /** Who changes the settings. */
    public record Caller(long agencyId, String username) {
    }

    /** The rule in force for one urgency, and whether it is the default. */
    public record RuleView(Urgency urgency, UrgencyRule rule, boolean standard) {
        public String onCallField() {
            return "onCallMinutes-" + urgency.code;
        }

        public String leadField() {
            return "leadMinutes-" + urgency.code;
        }
    }

    /** One contact list with the name of its address field. */
    public record ContactList(Stage stage, List<NoticeStore.ContactRow> contacts) {
        public String field() {
            return "address-" + stage.code;
        }
    }

    /** Everything the page shows. */
    public record Settings(List<NoticeStore.ContactRow> onCall, List<NoticeStore.ContactRow> leads, List<RuleView> rules,
            List<NoticeStore.NoticeRow> notices, boolean mailConfigured) {

        public List<ContactList> lists() {
            return List.of(new ContactList(Stage.ON_CALL, onCall), new ContactList(Stage.TEAM_LEAD, leads));
        }

        public long failed() {
            return notices.stream().filter(n -> n.state() == NoticeState.FAILED).count();
        }

        public long retrying() {
            return notices.stream().filter(n -> n.state() == NoticeState.PENDING && n.attempts() > 0).count();
        }
    }

    /** A form that cannot be stored: a message per field (keyed by the form's field name), each naming the field. */
    public static class Invalid extends RuntimeException {
        public final transient Map<String, String> problems;

        Invalid(Map<String, String> problems) {
            super(String.join(" ", problems.values()));
            this.problems = Map.copyOf(problems);
        }
    }

    @Inject
    NoticeStore store;

    @Inject
    UrgentConfig config;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Transactional
    public Settings settings(long agencyId) {
        List<NoticeStore.ContactRow> contacts = store.contacts(agencyId);
        Map<Urgency, UrgencyRule> stored = new LinkedHashMap<>();
        for (Object[] r : store.storedRules()) {
            if ((Long) r[0] == agencyId) {
                UrgencyRule rule = (UrgencyRule) r[1];
                stored.put(rule.urgency(), rule);
            }
        }
        List<RuleView> rules = UrgencyRule.RULED.stream().map(u -> stored.containsKey(u) ? new RuleView(u, stored.get(u), false)
                : new RuleView(u, UrgencyRule.defaults(u, config.defaultOnCallMinutes(), config.defaultLeadMinutes()), true)).toList();
        return new Settings(contacts.stream().filter(c -> c.stage() == Stage.ON_CALL).toList(),
                contacts.stream().filter(c -> c.stage() == Stage.TEAM_LEAD).toList(), rules, store.recent(agencyId, NOTICES_SHOWN),
                config.smtpHost().isPresent());
    }

    /** Adds the address to the list; returns what the page says. */
    @Transactional
    public String addContact(Caller caller, String list, String typed) {
        Stage stage = Stage.ofCode(list == null ? "" : list)
                .orElseThrow(() -> ProblemException.invalid("Choose a list.", List.of(new ProblemException.FieldError("list",
                        "List: choose the on-call contacts or the team lead contacts."))));
        String address = ContactAddress.clean(typed);
        String field = "address-" + stage.code;
        Optional<String> problem = ContactAddress.problem(address);
        if (problem.isPresent()) {
            throw new Invalid(Map.of(field, problem.get()));
        }
        List<NoticeStore.ContactRow> current = store.contacts(caller.agencyId()).stream().filter(c -> c.stage() == stage).toList();
        if (current.stream().anyMatch(c -> c.address().equals(address))) {
            throw new Invalid(Map.of(field, ContactAddress.LABEL + ": " + address + " is already on the " + stage.label.toLowerCase() + "."));
        }
        if (current.size() >= MAX_CONTACTS) {
            throw new Invalid(Map.of(field, ContactAddress.LABEL + ": the " + stage.label.toLowerCase() + " hold at most " + MAX_CONTACTS
                    + " addresses; remove one first."));
        }
        store.addContact(caller.agencyId(), stage, address, caller.username(), clock.instant());
        audit.recordInTransaction(AuditRecord.write("urgent-contact", address, null, Purpose.ADMINISTRATION,
                "added to the " + stage.label.toLowerCase()));
        return address + " is on the " + stage.label.toLowerCase() + " now.";
    }

    @Transactional
    public String removeContact(Caller caller, long contactId) {
        NoticeStore.ContactRow contact = store.contact(contactId).filter(c -> c.agencyId() == caller.agencyId()).orElseThrow(() -> {
            audit.record(AuditRecord.denied("urgent-contact", contactId, null, Purpose.ADMINISTRATION,
                    store.contact(contactId).isPresent() ? "a contact of another agency" : "no such contact"));
            return ProblemException.notFound("Your agency has no contact " + contactId + ".");
        });
        store.removeContact(contactId);
        audit.recordInTransaction(AuditRecord.write("urgent-contact", contact.address(), null, Purpose.ADMINISTRATION,
                "removed from the " + contact.stage().label.toLowerCase()));
        return contact.address() + " is no longer on the " + contact.stage().label.toLowerCase() + ".";
    }

    @Transactional
    public String saveRule(Caller caller, String urgencyCode, String onCall, String lead) {
        Urgency urgency = Urgency.of(urgencyCode == null ? "" : urgencyCode).filter(UrgencyRule.RULED::contains)
                .orElseThrow(() -> ProblemException.notFound("There is no rule for urgency " + urgencyCode + "."));
        Map<String, String> problems = new LinkedHashMap<>();
        UrgencyRule rule = UrgencyRule.parse(urgency, onCall, lead, problems).orElse(null);
        if (rule == null) {
            Map<String, String> keyed = new LinkedHashMap<>();
            problems.forEach((field, message) -> keyed.put(field + "-" + urgency.code, message));
            throw new Invalid(keyed);
        }
        store.saveRule(caller.agencyId(), rule, caller.username(), clock.instant());
        audit.recordInTransaction(AuditRecord.write("urgent-rule", urgency.code, null, Purpose.ADMINISTRATION,
                "on-call after " + describe(rule.onCallMinutes()) + ", team leads after " + describe(rule.leadMinutes())));
        return urgency.label + ": " + (rule.off() ? "no notices." : "on-call contacts after " + describe(rule.onCallMinutes())
                + ", team lead contacts after " + describe(rule.leadMinutes()) + ".");
    }

    static String describe(Integer minutes) {
        return minutes == null ? "never" : minutes + " minutes";
    }
}
