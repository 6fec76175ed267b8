package com.microdrama.insights.api;

import java.time.LocalDate;
import java.util.List;

/** A series' episodes from {@code from} to {@code to}, in episode order: where viewers stop. */
public record EpisodeReport(String seriesId, LocalDate from, LocalDate to, List<EpisodeRow> episodes) {
}
