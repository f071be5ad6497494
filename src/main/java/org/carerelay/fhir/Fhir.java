package org.carerelay.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.jboss.logging.Logger;

/**
 * The application's one FHIR R4 context (HAPI FHIR: expensive to create, thread-safe once built)
 * and its JSON encoding. At start a background thread builds the context and the validator, so
 * that neither the start nor the first request waits for them.
 */
@ApplicationScoped
public class Fhir {

    private static final Logger LOG = Logger.getLogger(Fhir.class);

    public static final String FHIR_JSON = "application/fhir+json";

    @ConfigProperty(name = "carerelay.fhir.warm-at-start", defaultValue = "true")
    boolean warmAtStart;

    @Inject
    ResourceValidator validator;

    /** The one R4 context (HAPI caches it per JVM). */
    public FhirContext context() {
        return FhirContext.forR4Cached();
    }

    public IParser jsonParser() {
        return context().newJsonParser();
    }

    public String json(IBaseResource resource) {
        return jsonParser().encodeResourceToString(resource);
    }

    /** Runs after the other start-up work (last observer), so the warm-up competes with as little of it as possible. */
    void onStart(@Observes @jakarta.annotation.Priority(Integer.MAX_VALUE - 1) StartupEvent event) {
        if (!warmAtStart) {
            return;
        }
        Thread warm = new Thread(() -> {
            long started = System.nanoTime();
            try {
                json(new Patient().setActive(true));
                validator.warm();
                LOG.infof("FHIR: context and validator ready in %d ms", (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException e) {
                LOG.warn("FHIR: warming the context and validator failed; they will be built on first use", e);
            }
        }, "fhir-warm-up");
        warm.setDaemon(true);
        warm.setPriority(Thread.MIN_PRIORITY);
        warm.start();
    }
}
