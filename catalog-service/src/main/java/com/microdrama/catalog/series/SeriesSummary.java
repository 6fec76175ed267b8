package com.microdrama.catalog.series;

import java.util.List;

/** One item of the browse page; {@code language} says which translation the title is in. */
public record SeriesSummary(String id, String title, String language, List<String> genres, long episodeCount,
                            String coverUrl, String originalLanguage) {
}
