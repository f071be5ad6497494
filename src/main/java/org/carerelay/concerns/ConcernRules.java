package org.carerelay.concerns;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.carerelay.access.Purpose;
import org.carerelay.agencies.AgencyDirectory;
import org.carerelay.audit.AuditLog;
import org.carerelay.audit.AuditRecord;
import org.carerelay.catalogue.Catalogue;
import org.carerelay.sql.AdvisoryLock;
import org.carerelay.web.ProblemException;
import org.jboss.logging.Logger;

/**
 * The governed concern rules. The shipped rules live in {@code concerns/rules.json} and are published at start like the
 * event catalogue: a rule whose definition changed since the file last published it gets a new version. A commissioner
 * submits a new version (live, or shadow beside the live one) through {@link #submit}; a bad definition is refused with
 * every problem named and nothing stored. Versions are never changed in place.
 */
@ApplicationScoped
public class ConcernRules {

    private static final Logger LOG = Logger.getLogger(ConcernRules.class);

    @Inject
    RuleStore store;

    @Inject
    Catalogue catalogue;

    @Inject
    AgencyDirectory agencies;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    AuditLog audit;

    /** The current versions by id, read once each and kept (versions never change). */
    private final Map<Long, RuleStore.Version> compiled = new ConcurrentHashMap<>();

    void onStart(@Observes @Priority(25) StartupEvent event) throws IOException {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("concerns/rules.json")) {
            publishFile(json.readValue(Objects.requireNonNull(in, "concerns/rules.json"), new TypeReference<List<ConcernRule>>() {
            }));
        }
    }

    /** Publishes each shipped rule whose definition changed since the file last published it. Safe with several instances. */
    @Transactional
    public void publishFile(List<ConcernRule> rules) {
        AdvisoryLock.CONCERN_RULES_PUBLISH.take(em);
        for (ConcernRule rule : rules) {
            // the agency register may still be empty at start (the demo network loads later): named recipients are
            // checked when a version is submitted, and one the network does not know is skipped when delivering
            List<ProblemException.FieldError> problems = RuleChecks.problems(rule, catalogue::current, slug -> true);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("concerns/rules.json: rule " + rule.code() + " is not valid: " + problems);
            }
            if (store.latestFromFile(rule.code()).map(v -> v.rule().equals(rule)).orElse(false)) {
                continue;
            }
            RuleStore.Version v = store.publish(rule, RuleStore.FILE, clock.instant());
            LOG.infof("Concern rules: published %s version %d (%s)", v.code(), v.version(), v.status());
        }
    }

    /** A new version from a commissioner: checked, then published and audited; refused with every problem named otherwise. */
    @Transactional
    public RuleStore.Version submit(ConcernRule rule, String username) {
        List<ProblemException.FieldError> problems = problems(rule);
        if (!problems.isEmpty()) {
            throw ProblemException.invalid("The concern rule was not saved: " + problems.size() + " problem(s), listed by field.", problems);
        }
        AdvisoryLock.CONCERN_RULES_PUBLISH.take(em);
        RuleStore.Version v = store.publish(rule, username, clock.instant());
        audit.recordInTransaction(AuditRecord.write("concern_rule", v.id(), null, Purpose.COMMISSIONING,
                "concern rule " + v.code() + " version " + v.version() + " published (" + v.status() + ")"));
        return v;
    }

    public List<ProblemException.FieldError> problems(ConcernRule rule) {
        return RuleChecks.problems(rule, catalogue::current, slug -> agencies.find(slug).isPresent());
    }

    /** The current rule versions (live and shadow), as of this transaction; one small query. */
    public List<RuleStore.Version> current() {
        List<Long> ids = store.currentIds();
        if (!compiled.keySet().containsAll(ids)) {
            store.current().forEach(v -> compiled.put(v.id(), v));
        }
        return ids.stream().map(compiled::get).filter(Objects::nonNull).toList();
    }

    /** Any version by id (for concerns raised under an older version). */
    public RuleStore.Version version(long id) {
        RuleStore.Version v = compiled.get(id);
        return v != null ? v : store.byId(id).orElseThrow();
    }
}
