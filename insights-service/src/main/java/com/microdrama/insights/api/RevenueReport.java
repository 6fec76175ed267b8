package com.microdrama.insights.api;

import java.time.LocalDate;
import java.util.List;

/** Coin-pack money from {@code from} to {@code to} (UTC days, both included), never summed across currencies. */
public record RevenueReport(LocalDate from, LocalDate to, List<RevenueRow> byCurrency, List<RevenueRow> byDay,
                            List<RevenueRow> byProvider) {
}
