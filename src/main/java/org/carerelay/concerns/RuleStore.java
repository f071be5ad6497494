package org.carerelay.concerns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.carerelay.sql.Row;

/** The SQL of concern rule versions: the current ones, the latest published from the rules file, a new version. */
@ApplicationScoped
public class RuleStore {

    /** One stored version of a rule. */
    public record Version(long id, String code, int version, boolean current, String status, ConcernRule rule, Instant publishedAt,
            String publishedBy) {

        public boolean shadow() {
            return ConcernRule.SHADOW.equals(status);
        }
    }

    static final String FILE = "rules file";

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    public List<Long> currentIds() {
        return Row.all(Row.query(em, "SELECT id FROM concern_rule WHERE current ORDER BY id")).stream().map(r -> r.id("id")).toList();
    }

    public List<Version> current() {
        return versions("WHERE current ORDER BY code, status");
    }

    public Optional<Version> byId(long id) {
        return versions("WHERE id = " + id).stream().findFirst();
    }

    /** Every version of every rule, newest first within a code. */
    public List<Version> all() {
        return versions("ORDER BY code, version DESC");
    }

    Optional<Version> latestFromFile(String code) {
        return Row.first(Row.query(em, SELECT + "WHERE code = :code AND published_by = :file ORDER BY version DESC")
                .setParameter("code", code).setParameter("file", FILE)).map(this::version);
    }

    Optional<Version> currentOf(String code, String status) {
        return Row.first(Row.query(em, SELECT + "WHERE code = :code AND status = :status AND current")
                .setParameter("code", code).setParameter("status", status)).map(this::version);
    }

    /**
     * Publishes a new version: the current version of the same status stops being current (a live version also retires
     * the shadow version it replaces). Returns the new version's id and number.
     */
    Version publish(ConcernRule rule, String by, Instant now) {
        em.createNativeQuery("UPDATE concern_rule SET current = false WHERE code = :code AND current AND (status = :status OR :live)")
                .setParameter("code", rule.code()).setParameter("status", rule.status())
                .setParameter("live", ConcernRule.LIVE.equals(rule.status())).executeUpdate();
        Row r = Row.all(Row.query(em, """
                INSERT INTO concern_rule (code, version, current, status, title, definition, published_at, published_by)
                VALUES (:code, (SELECT coalesce(max(version), 0) + 1 FROM concern_rule WHERE code = :code), true, :status, :title,
                        CAST(:definition AS jsonb), :now, :by)
                RETURNING id, version""")
                .setParameter("code", rule.code()).setParameter("status", rule.status()).setParameter("title", rule.title())
                .setParameter("definition", write(rule)).setParameter("now", now).setParameter("by", by)).get(0);
        return new Version(r.id("id"), rule.code(), r.integer("version"), true, rule.status(), rule, now, by);
    }

    private static final String SELECT = "SELECT id, code, version, current, status, definition::text AS definition, published_at, "
            + "published_by FROM concern_rule ";

    private List<Version> versions(String where) {
        return Row.all(Row.query(em, SELECT + where)).stream().map(this::version).toList();
    }

    private Version version(Row r) {
        return new Version(r.id("id"), r.text("code"), r.integer("version"), r.bool("current"), r.text("status"),
                read(r.text("definition")), r.instant("published_at"), r.text("published_by"));
    }

    ConcernRule read(String text) {
        try {
            return json.readValue(text, ConcernRule.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored concern rule unreadable", e);
        }
    }

    String write(ConcernRule rule) {
        try {
            return json.writeValueAsString(rule);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
