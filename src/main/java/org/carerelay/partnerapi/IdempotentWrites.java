package org.carerelay.partnerapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.carerelay.sql.Row;
import org.carerelay.web.ProblemException;
import org.carerelay.web.ProblemException.FieldError;

/**
 * Makes a partner's write safe to retry. The first request with a key claims it (a row in
 * idempotency_record, in the same transaction as the write); a concurrent request with the same
 * key waits on that row and then gets the stored response. Same key with a different body: 409.
 * A failed write rolls its claim back, so the key can be used again.
 */
@ApplicationScoped
public class IdempotentWrites {

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");

    public record StoredResponse(int status, String body, boolean replayed) {

        /** The HTTP answer: the stored JSON, and whether it is a replay of the first one. */
        public jakarta.ws.rs.core.Response toResponse() {
            return jakarta.ws.rs.core.Response.status(status).type(jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE).entity(body)
                    .header("Idempotent-Replayed", String.valueOf(replayed)).build();
        }
    }

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    public static void checkKey(String key) {
        if (key == null || key.isBlank()) {
            throw new ProblemException(400, "missing-idempotency-key", "Idempotency-Key header required",
                    "Send an Idempotency-Key header (e.g. a UUID) with every write, so that a retry is never stored twice.",
                    List.of(new FieldError("Idempotency-Key", "required header")));
        }
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.invalid("The Idempotency-Key header is not valid.",
                    List.of(new FieldError("Idempotency-Key", "1 to 200 visible ASCII characters")));
        }
    }

    @Transactional
    public StoredResponse once(long agencyId, String key, String operation, JsonNode request, int status, Supplier<Object> write) {
        String hash = sha256(operation + "\n" + request.toString());
        int claimed = em.createNativeQuery("""
                INSERT INTO idempotency_record (agency_id, idempotency_key, operation, request_hash)
                VALUES (:agency, :key, :operation, :hash) ON CONFLICT DO NOTHING""")
                .setParameter("agency", agencyId).setParameter("key", key).setParameter("operation", operation)
                .setParameter("hash", hash).executeUpdate();
        if (claimed == 0) {
            Row stored = Row.first(Row.query(em, """
                    SELECT request_hash, response_status, response_body FROM idempotency_record
                    WHERE agency_id = :agency AND idempotency_key = :key""")
                    .setParameter("agency", agencyId).setParameter("key", key)).orElseThrow();
            if (!hash.equals(stored.text("request_hash"))) {
                throw new ProblemException(409, "idempotency-key-reused", "Idempotency-Key already used",
                        "This Idempotency-Key was already used for a different request; use a new key for a new request.",
                        List.of(new FieldError("Idempotency-Key", "already used with a different body")));
            }
            return new StoredResponse(stored.integer("response_status"), stored.text("response_body"), true);
        }
        String body;
        try {
            body = json.writeValueAsString(write.get());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        em.createNativeQuery("""
                UPDATE idempotency_record SET response_status = :status, response_body = :body
                WHERE agency_id = :agency AND idempotency_key = :key""")
                .setParameter("status", status).setParameter("body", body)
                .setParameter("agency", agencyId).setParameter("key", key).executeUpdate();
        return new StoredResponse(status, body, false);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
