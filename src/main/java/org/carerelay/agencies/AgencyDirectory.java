package org.carerelay.agencies;

import io.quarkus.panache.common.Sort;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Looks agencies up by slug. The register is small and changes rarely, so it is held in memory:
 * loaded on first use, updated on every registration. A slug not in memory is looked up in the
 * database again (it may have been registered by another instance), except on an I/O thread,
 * where no database call may block (e.g. while rendering an error page).
 */
@ApplicationScoped
public class AgencyDirectory {

    /** The agency as the rest of the portal sees it: no entity, no lazy loading. */
    public record AgencyRef(long id, String slug, String name, String kind) {
    }

    private final ConcurrentHashMap<String, AgencyRef> bySlug = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    public Optional<AgencyRef> find(String slug) {
        if (slug == null || slug.isBlank()) {
            return Optional.empty();
        }
        AgencyRef known = bySlug.get(slug);
        if (known != null || Context.isOnEventLoopThread()) {
            return Optional.ofNullable(known);
        }
        return Optional.ofNullable(lookUp(slug));
    }

    public Optional<AgencyRef> find(long id) {
        if (!loaded && !Context.isOnEventLoopThread()) {
            loadAll();
        }
        return bySlug.values().stream().filter(a -> a.id() == id).findFirst();
    }

    public List<AgencyRef> all() {
        if (!loaded) {
            loadAll();
        }
        return bySlug.values().stream().sorted(Comparator.comparing(AgencyRef::name)).toList();
    }

    @Transactional
    AgencyRef lookUp(String slug) {
        Agency agency = Agency.findBySlug(slug);
        if (agency == null) {
            return null;
        }
        AgencyRef ref = toRef(agency);
        bySlug.put(slug, ref);
        return ref;
    }

    void onStart(@jakarta.enterprise.event.Observes @jakarta.annotation.Priority(10) io.quarkus.runtime.StartupEvent event) {
        loadAll();
    }

    @Transactional
    void loadAll() {
        Agency.<Agency>listAll(Sort.by("name")).forEach(a -> bySlug.put(a.slug, toRef(a)));
        loaded = true;
    }

    /** Creates the agency or updates its name and kind; used by the demo loader and admin tools. */
    @Transactional
    public AgencyRef register(String slug, String name, String kind) {
        Agency agency = Agency.findBySlug(slug);
        if (agency == null) {
            agency = new Agency();
            agency.slug = slug;
        }
        agency.name = name;
        agency.kind = kind;
        agency.persist();
        AgencyRef ref = toRef(agency);
        bySlug.put(slug, ref);
        return ref;
    }

    private static AgencyRef toRef(Agency agency) {
        return new AgencyRef(agency.id, agency.slug, agency.name, agency.kind);
    }
}
