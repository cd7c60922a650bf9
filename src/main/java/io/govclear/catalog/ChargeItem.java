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
import java.time.LocalDate;

/** A charge item (收费项目) of one unit: amount standard, late-fee rule, destination and budget split. */
@Entity
@Table(name = "charge_item")
public class ChargeItem extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "unit_id")
    public Long unitId;

    public String code;

    public String name;

    @Enumerated(EnumType.STRING)
    public ItemCategory category;

    @Enumerated(EnumType.STRING)
    @Column(name = "amount_standard")
    public AmountStandard amountStandard;

    @Column(name = "fixed_amount_fen")
    public Long fixedAmountFen;

    @Column(name = "min_amount_fen")
    public Long minAmountFen;

    @Column(name = "max_amount_fen")
    public Long maxAmountFen;

    @Enumerated(EnumType.STRING)
    @Column(name = "late_fee_rule")
    public LateFeeRule lateFeeRule = LateFeeRule.NONE;

    @Column(name = "late_fee_bp_per_day")
    public int lateFeeBpPerDay;

    @Column(name = "late_fee_capped")
    public boolean lateFeeCapped;

    @Enumerated(EnumType.STRING)
    public Destination destination;

    @Column(name = "income_classification")
    public String incomeClassification;

    @Column(name = "share_central_bp")
    public int shareCentralBp;

    @Column(name = "share_province_bp")
    public int shareProvinceBp;

    @Column(name = "share_city_bp")
    public int shareCityBp;

    @Column(name = "share_county_bp")
    public int shareCountyBp;

    @Column(name = "share_unit_bp")
    public int shareUnitBp;

    public boolean active = true;

    @Column(name = "version_no")
    public int versionNo = 1;

    @Column(name = "effective_from")
    public LocalDate effectiveFrom;
}
