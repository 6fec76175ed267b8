package com.microdrama.insights.api;

import java.time.LocalDate;
import java.util.List;

/** A series' funnel from {@code from} to {@code to} (UTC days, both included). */
public record FunnelReport(String seriesId, LocalDate from, LocalDate to, FunnelRow totals, List<FunnelRow> byDay,
                           List<FunnelRow> byRegion, List<FunnelRow> byLanguage) {
}
