package org.carerelay.sharing;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;

/** Which source agency may send which event types to which recipient, on what legal basis, for what purpose. */
@Entity
@Table(name = "sharing_agreement")
public class SharingAgreement extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String code;

    @Column(nullable = false)
    public String title;

    @Column(name = "source_agency_id", nullable = false)
    public Long sourceAgencyId;

    @Column(name = "recipient_agency_id", nullable = false)
    public Long recipientAgencyId;

    @Column(name = "legal_basis", nullable = false)
    public String legalBasis;

    @Column(nullable = false)
    public String purpose;

    @Column(name = "review_date", nullable = false)
    public LocalDate reviewDate;

    @Column(nullable = false)
    public String status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
