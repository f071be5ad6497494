package org.carerelay.events;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One occurrence shared on the network. Immutable: a correction is a new event linked to the old one. */
@Entity
@Immutable
@Table(name = "shared_event")
public class SharedEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_type_id", nullable = false)
    public Long eventTypeId;

    @Column(name = "type_code", nullable = false)
    public String typeCode;

    @Column(name = "source_agency_id", nullable = false)
    public Long sourceAgencyId;

    @Column(name = "client_id", nullable = false)
    public Long clientId;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(nullable = false)
    public String urgency;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, Object> data;

    @Column(name = "submitted_by", nullable = false)
    public String submittedBy;

    @Column(name = "corrects_event_id")
    public Long correctsEventId;
}
