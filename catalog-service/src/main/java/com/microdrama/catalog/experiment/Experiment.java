package com.microdrama.catalog.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** One paywall experiment of a series and who moved it through draft → running → stopped. */
@Entity
@Table(name = "paywall_experiment")
public class Experiment {
    public static final String DRAFT = "draft";
    public static final String RUNNING = "running";
    public static final String STOPPED = "stopped";

    @Id
    public String id;

    @Column(name = "series_id", nullable = false)
    public String seriesId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String status;

    /** The arms as JSON ({@link ExperimentVariants}). */
    @Column(nullable = false)
    public String variants;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "started_by")
    public String startedBy;

    @Column(name = "stopped_at")
    public OffsetDateTime stoppedAt;

    @Column(name = "stopped_by")
    public String stoppedBy;

    @Column(name = "rolled_out_variant")
    public String rolledOutVariant;
}
