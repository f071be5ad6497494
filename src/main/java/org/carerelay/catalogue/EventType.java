package org.carerelay.catalogue;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One version of a catalogue event type: what it means, what to do, and its typed dataset. */
@Entity
@Table(name = "event_type")
public class EventType extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String code;

    @Column(nullable = false)
    public int version;

    @Column(nullable = false)
    public boolean current;

    @Column(nullable = false)
    public String pathway;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String meaning;

    @Column(nullable = false)
    public String action;

    @Column(nullable = false)
    public String urgency;

    @Column(name = "window_hours", nullable = false)
    public int windowHours;

    @Column(nullable = false)
    public String sensitivity;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public List<FieldDefinition> fields;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "sets_markers", nullable = false, columnDefinition = "text[]")
    public String[] setsMarkers;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "clears_markers", nullable = false, columnDefinition = "text[]")
    public String[] clearsMarkers;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;

    public Sensitivity sensitivityCategory() {
        return Sensitivity.of(sensitivity);
    }

    /** The type's urgency from the catalogue (FHIR writes fall back to it when a ServiceRequest carries no priority). */
    public Urgency defaultUrgency() {
        return Urgency.of(urgency).orElseThrow();
    }

    public List<String> fieldNames() {
        return fields.stream().map(FieldDefinition::name).toList();
    }
}
