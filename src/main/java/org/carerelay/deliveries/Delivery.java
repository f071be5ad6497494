package org.carerelay.deliveries;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One event routed to one recipient agency: owner, due time, state and outcome. */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id", nullable = false)
    public Long eventId;

    @Column(name = "recipient_agency_id", nullable = false)
    public Long recipientAgencyId;

    @Column(name = "agreement_id", nullable = false)
    public Long agreementId;

    @Column(name = "client_id", nullable = false)
    public Long clientId;

    /** The event fields this recipient may see under its agreement (empty for a minimum notice). */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "shared_fields", nullable = false, columnDefinition = "text[]")
    public String[] sharedFields;

    @Column(name = "minimum_notice", nullable = false)
    public boolean minimumNotice;

    @Column(nullable = false)
    public String urgency;

    /** Null while the delivery sits in the recipient team's queue. */
    @Column(name = "owner_username")
    public String ownerUsername;

    @Column(nullable = false)
    public String state;

    public String outcome;

    @Column(name = "outcome_reason")
    public String outcomeReason;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "due_at", nullable = false)
    public Instant dueAt;

    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "escalated_at")
    public Instant escalatedAt;

    @Version
    @Column(nullable = false)
    public int version;

    public DeliveryState deliveryState() {
        return DeliveryState.of(state).orElseThrow();
    }

    public boolean isOverdue(Instant now) {
        return deliveryState() != DeliveryState.COMPLETED && now.isAfter(dueAt);
    }
}
