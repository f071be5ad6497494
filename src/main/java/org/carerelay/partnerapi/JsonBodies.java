package org.carerelay.partnerapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;

/** Reads a partner's JSON body: content type, size limit (256 KB), well-formed JSON. */
@ApplicationScoped
public class JsonBodies {

    public static final int MAX_BYTES = 256 * 1024;

    @Inject
    ObjectMapper json;

    public JsonNode read(String contentType, InputStream body) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            type = null;
        }
        if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || type.isWildcardType() || type.isWildcardSubtype()) {
            throw new ProblemException(415, "unsupported-media-type", "Unsupported media type",
                    "Send the body as application/json (Content-Type was " + (contentType == null ? "missing" : "'" + contentType + "'") + ").",
                    List.of(new FieldError("Content-Type", "must be application/json")));
        }
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw ProblemException.invalid("The body could not be read.", List.of(new FieldError("body", "could not be read")));
        }
        if (bytes.length > MAX_BYTES) {
            throw new ProblemException(413, "payload-too-large", "Body too large",
                    "The body is larger than 256 KB; nothing was stored.", List.of(new FieldError("body", "at most 262144 bytes")));
        }
        if (bytes.length == 0) {
            throw ProblemException.invalid("The body is empty.", List.of(new FieldError("body", "required: a JSON object")));
        }
        try {
            // a well-formed body is one JSON value and nothing after it
            return json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(bytes);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ProblemException(400, "malformed-json", "Malformed JSON", "The body is not well-formed JSON" + where + ".",
                    List.of(new FieldError("body", "not well-formed JSON" + where)));
        } catch (IOException e) {
            throw ProblemException.invalid("The body could not be read.", List.of(new FieldError("body", "could not be read")));
        }
    }
}
