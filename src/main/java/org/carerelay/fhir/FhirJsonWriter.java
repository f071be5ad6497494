package org.carerelay.fhir;

import jakarta.inject.Inject;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** Writes FHIR resources as JSON with the application's one FHIR context (never hand-written JSON). */
@Provider
@Produces({Fhir.FHIR_JSON, MediaType.APPLICATION_JSON})
public class FhirJsonWriter implements MessageBodyWriter<IBaseResource> {

    @Inject
    Fhir fhir;

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return IBaseResource.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(IBaseResource resource, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        fhir.jsonParser().encodeResourceToWriter(resource, writer);
        writer.flush();
    }
}
