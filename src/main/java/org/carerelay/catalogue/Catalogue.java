package org.carerelay.catalogue;

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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.carerelay.sql.AdvisoryLock;
import org.jboss.logging.Logger;

/**
 * The governed event-type catalogue. Its content lives in {@code catalogue/event-types.json};
 * at start each type is published: a type whose dataset (or meaning, action, urgency, window,
 * sensitivity, markers) changed gets a new version, and events keep the version they were
 * validated against.
 */
@ApplicationScoped
public class Catalogue {

    private static final Logger LOG = Logger.getLogger(Catalogue.class);

    /** A catalogue entry as written in the catalogue file. */
    public record Definition(String code, String pathway, String title, String meaning, String action, String urgency,
            int windowHours, String sensitivity, List<String> setsMarkers, List<String> clearsMarkers,
            List<FieldDefinition> fields) {

        /** This entry as the current event type of this version (not stored, not yet published). */
        public EventType toEventType(int version) {
            EventType type = new EventType();
            type.code = code;
            type.version = version;
            type.current = true;
            type.pathway = pathway;
            type.title = title;
            type.meaning = meaning;
            type.action = action;
            type.urgency = urgency;
            type.windowHours = windowHours;
            type.sensitivity = sensitivity;
            type.fields = fields;
            type.setsMarkers = setsMarkers.toArray(String[]::new);
            type.clearsMarkers = clearsMarkers.toArray(String[]::new);
            return type;
        }
    }

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    private final Map<String, EventType> currentByCode = new ConcurrentHashMap<>();
    private final Map<Long, EventType> byId = new ConcurrentHashMap<>();

    void onStart(@Observes @Priority(20) StartupEvent event) throws IOException {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("catalogue/event-types.json")) {
            publishAll(json.readValue(Objects.requireNonNull(in, "catalogue/event-types.json"), new TypeReference<List<Definition>>() {
            }));
        }
    }

    /** Publishes each definition, making a new version where it changed. Safe with several instances. */
    @Transactional
    public void publishAll(List<Definition> definitions) {
        AdvisoryLock.CATALOGUE_PUBLISH.take(em);
        Map<String, EventType> current = EventType.<EventType>list("current", true).stream()
                .collect(Collectors.toMap(t -> t.code, Function.identity()));
        for (Definition definition : definitions) {
            EventType existing = current.get(definition.code());
            if (existing != null && sameContent(existing, definition)) {
                continue;
            }
            if (existing != null) {
                existing.current = false;
                em.flush();
            }
            EventType type = definition.toEventType(existing == null ? 1 : existing.version + 1);
            type.publishedAt = clock.instant();
            type.persist();
            LOG.infof("Catalogue: published %s version %d", type.code, type.version);
        }
        refresh();
    }

    private static boolean sameContent(EventType type, Definition d) {
        return type.pathway.equals(d.pathway()) && type.title.equals(d.title()) && type.meaning.equals(d.meaning())
                && type.action.equals(d.action()) && type.urgency.equals(d.urgency())
                && type.windowHours == d.windowHours() && type.sensitivity.equals(d.sensitivity())
                && type.fields.equals(d.fields())
                && Arrays.asList(type.setsMarkers).equals(d.setsMarkers())
                && Arrays.asList(type.clearsMarkers).equals(d.clearsMarkers());
    }

    @Transactional
    public void refresh() {
        List<EventType> all = EventType.listAll();
        all.forEach(t -> {
            em.detach(t);
            byId.put(t.id, t);
            if (t.current) {
                currentByCode.put(t.code, t);
            }
        });
    }

    public Optional<EventType> current(String code) {
        return Optional.ofNullable(code == null ? null : currentByCode.get(code));
    }

    public EventType version(long id) {
        EventType type = byId.get(id);
        if (type == null) {
            refresh();
            type = byId.get(id);
        }
        return type;
    }

    /** Every published version of every type, current versions first (e.g. for a code system that must cover old events). */
    public List<EventType> allVersions() {
        if (byId.isEmpty()) {
            refresh();
        }
        return byId.values().stream()
                .sorted((a, b) -> a.current != b.current ? (a.current ? -1 : 1) : Long.compare(b.id, a.id))
                .toList();
    }

    public List<EventType> currentTypes() {
        return currentByCode.values().stream()
                .sorted((a, b) -> a.pathway.equals(b.pathway) ? a.title.compareTo(b.title) : a.pathway.compareTo(b.pathway))
                .toList();
    }
}
