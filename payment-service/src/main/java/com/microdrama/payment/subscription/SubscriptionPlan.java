package com.microdrama.payment.subscription;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;

/** A VIP plan on sale (seeded by Flyway). */
@Entity
@Table(name = "subscription_plan")
public class SubscriptionPlan extends PanacheEntityBase {
    @Id
    public String id;

    public String period;

    @Column(name = "period_days")
    public int periodDays;

    @Column(name = "price_amount")
    public BigDecimal priceAmount;

    public String currency;

    @Column(name = "trial_days")
    public int trialDays;

    @Column(name = "sort_order")
    public int sortOrder;

    public boolean active;
}
