package com.microdrama.catalog.series;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;

@Entity
@Table(name = "episode_translation")
@IdClass(EpisodeTranslation.Key.class)
public class EpisodeTranslation {
    @Id
    @Column(name = "episode_id")
    public String episodeId;

    @Id
    public String language;

    @Column(nullable = false)
    public String title;

    /** Composite key (owner id, language); a plain class because Hibernate fills it field by field. */
    public static class Key implements Serializable {
        public String episodeId;
        public String language;

        public Key() {
        }

        public Key(String episodeId, String language) {
            this.episodeId = episodeId;
            this.language = language;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(episodeId, k.episodeId) && java.util.Objects.equals(language, k.language);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(episodeId, language);
        }
    }
}
