package com.microdrama.catalog.series;

import java.util.List;

public record SeriesPage(List<SeriesSummary> items, int page, int size, long total) {
}
