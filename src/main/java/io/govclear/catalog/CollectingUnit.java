package io.govclear.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A collecting unit (执收单位); its secrets are in unit_credential ({@code catalog/admin/CredentialRepository}). */
@Entity
@Table(name = "collecting_unit")
public class CollectingUnit extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String code;

    public String name;

    @Column(name = "region_code")
    public String regionCode;

    @Column(name = "settlement_account")
    public String settlementAccount;

    /** Comma-separated channel names the unit may be paid through. */
    @Column(name = "allowed_channels")
    public String allowedChannels;

    @Column(name = "webhook_url")
    public String webhookUrl;

    @Enumerated(EnumType.STRING)
    public UnitStatus status = UnitStatus.ACTIVE;

    public int version = 1;
}
