package com.microdrama.payment.pack;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;

/** A coin pack on sale in one region (seeded by Flyway). */
@Entity
@Table(name = "coin_pack")
public class CoinPack extends PanacheEntityBase {
    @Id
    public String id;

    public String region;
    public int coins;

    @Column(name = "bonus_coins")
    public int bonusCoins;

    @Column(name = "price_amount")
    public BigDecimal priceAmount;

    public String currency;

    @Column(name = "sort_order")
    public int sortOrder;

    public boolean active;
}
