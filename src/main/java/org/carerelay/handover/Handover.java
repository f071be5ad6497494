package org.carerelay.handover;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One version of a discharge handover: a draft, the submitted version, or one superseded by a correction. */
@Entity
@Table(name = "handover")
public class Handover extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "source_agency_id", nullable = false)
    public Long sourceAgencyId;

    @Convert(converter = HandoverStatus.Column.class)
    @Column(nullable = false)
    public HandoverStatus status;

    @Column(nullable = false)
    public int version;

    @Column(name = "previous_id")
    public Long previousId;

    @Column(name = "client_id")
    public Long clientId;

    @Column(name = "event_id")
    public Long eventId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public HandoverDocument document;

    @Column(nullable = false)
    public boolean incomplete;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public String[] missing;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "submitted_at")
    public Instant submittedAt;

    public boolean isDraft() {
        return status == HandoverStatus.DRAFT;
    }
}
