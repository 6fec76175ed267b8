package com.microdrama.catalog.series;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;

@Entity
@Table(name = "series_translation")
@IdClass(SeriesTranslation.Key.class)
public class SeriesTranslation {
    @Id
    @Column(name = "series_id")
    public String seriesId;

    @Id
    public String language;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String synopsis;

    /** Composite key (owner id, language); a plain class because Hibernate fills it field by field. */
    public static class Key implements Serializable {
        public String seriesId;
        public String language;

        public Key() {
        }

        public Key(String seriesId, String language) {
            this.seriesId = seriesId;
            this.language = language;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(seriesId, k.seriesId) && java.util.Objects.equals(language, k.language);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(seriesId, language);
        }
    }
}
