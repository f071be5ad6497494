package org.carerelay.agencies;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An organisation on the network. Its slug is the {@code agency} claim in Keycloak tokens. */
@Entity
@Table(name = "agency")
public class Agency extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true, length = 64)
    public String slug;

    @Column(nullable = false, length = 200)
    public String name;

    @Column(nullable = false, length = 32)
    public String kind;

    public static Agency findBySlug(String slug) {
        return find("slug", slug).firstResult();
    }
}
