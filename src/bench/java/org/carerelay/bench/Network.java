package org.carerelay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network as the app loaded it into the database: agencies, the current event-type versions
 * and the sharing agreements. The generator routes with these rows, as {@code Routing} does: every
 * active agreement of the source that names the type, with the fields that agreement allows.
 */
final class Network {

    record Field(String name, String type, boolean required, List<String> values) {
    }

    record Type(long id, String code, int version, String pathway, String urgency, int windowHours, String sensitivity,
            List<Field> fields, List<String> setsMarkers, List<String> clearsMarkers) {

        List<String> fieldNames() {
            return fields.stream().map(Field::name).toList();
        }

        boolean needsConsent() {
            return sensitivity.equals("behavioral_health");
        }
    }

    record Route(long agreementId, long recipientId, List<String> sharedFields) {
    }

    final Map<String, Long> agencies = new LinkedHashMap<>();
    final Map<Long, String> slugs = new HashMap<>();
    final Map<String, Type> types = new LinkedHashMap<>();
    private final Map<String, List<Route>> routes = new HashMap<>();

    static Network read(Connection c) throws SQLException {
        Network n = new Network();
        ObjectMapper json = new ObjectMapper();
        try (Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT id, slug FROM agency ORDER BY id")) {
                while (r.next()) {
                    n.agencies.put(r.getString(2), r.getLong(1));
                    n.slugs.put(r.getLong(1), r.getString(2));
                }
            }
            try (ResultSet r = s.executeQuery("""
                    SELECT id, code, version, pathway, urgency, window_hours, sensitivity, fields::text, sets_markers, clears_markers
                    FROM event_type WHERE current ORDER BY id""")) {
                while (r.next()) {
                    List<Field> fields = new ArrayList<>();
                    for (JsonNode f : json.readTree(r.getString(8))) {
                        List<String> values = new ArrayList<>();
                        f.path("values").forEach(v -> values.add(v.asText()));
                        fields.add(new Field(f.get("name").asText(), f.get("type").asText(), f.path("required").asBoolean(), values));
                    }
                    n.types.put(r.getString(2), new Type(r.getLong(1), r.getString(2), r.getInt(3), r.getString(4), r.getString(5),
                            r.getInt(6), r.getString(7), fields, strings(r.getArray(9)), strings(r.getArray(10))));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("event_type.fields is not JSON", e);
            }
            try (ResultSet r = s.executeQuery("""
                    SELECT a.id, a.source_agency_id, a.recipient_agency_id, t.event_type_code, t.allowed_fields
                    FROM sharing_agreement a JOIN sharing_agreement_event_type t ON t.agreement_id = a.id
                    WHERE a.status = 'active' ORDER BY a.recipient_agency_id, a.id""")) {
                while (r.next()) {
                    Type type = n.types.get(r.getString(4));
                    if (type == null) {
                        continue;
                    }
                    List<String> allowed = r.getArray(5) == null ? null : strings(r.getArray(5));
                    List<String> shared = allowed == null ? type.fieldNames()
                            : type.fieldNames().stream().filter(allowed::contains).toList();
                    n.routes.computeIfAbsent(r.getLong(2) + ":" + type.code, k -> new ArrayList<>())
                            .add(new Route(r.getLong(1), r.getLong(3), shared));
                }
            }
        }
        return n;
    }

    /** Checks that the demo network is loaded: the generator writes its events between these agencies. */
    void requireDemoNetwork() {
        List<String> missing = new ArrayList<>();
        for (String slug : List.of("riverside-hospital", "eastside-community", "mindbridge-bh", "harbor-support",
                "northgate-housing", "county-welfare")) {
            if (!agencies.containsKey(slug)) {
                missing.add(slug);
            }
        }
        if (!missing.isEmpty() || types.isEmpty() || routes.isEmpty()) {
            throw new IllegalStateException("the database has no demo network (missing agencies " + missing + ", " + types.size()
                    + " event types, " + routes.size() + " routes): start the app once against it with CARERELAY_DEMO_NETWORK=true"
                    + " (deploy/bench/generate.sh does this)");
        }
    }

    long id(String slug) {
        Long id = agencies.get(slug);
        if (id == null) {
            throw new IllegalStateException("unknown agency " + slug);
        }
        return id;
    }

    String slug(long id) {
        return slugs.get(id);
    }

    Type type(String code) {
        Type t = types.get(code);
        if (t == null) {
            throw new IllegalStateException("unknown event type " + code);
        }
        return t;
    }

    /** The active routes of a source agency for a type, in recipient order (as Routing orders them). */
    List<Route> routes(long sourceId, String typeCode) {
        return routes.getOrDefault(sourceId + ":" + typeCode, List.of());
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
