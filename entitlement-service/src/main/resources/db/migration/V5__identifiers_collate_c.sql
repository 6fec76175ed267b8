-- Identifiers (user, episode, series, source and event ids, kinds) compare byte by byte: collation "C". Under a
-- linguistic collation (the cluster's default, e.g. C.UTF-8 or en_US.UTF-8) every comparison in these tables' indexes
-- goes through strcoll(), which is what most of an index build or a unique-key insert costs; with "C" PostgreSQL
-- compares with memcmp(). bench/pg-floor.sql with these collations built the projection's keys and indexes 37-40 %
-- faster (bench/README.md, "Session 2026-12-02 17:00"). No query orders by these columns, and equality is the same
-- under both. Changing only the collation rewrites no table; the indexes on these columns are rebuilt (a lock on
-- each table for as long as its rebuild takes). region_promo.series_id is not projection but is compared with
-- catalog_episode.series_id: under two different collations its index could not serve that comparison.
alter table catalog_series
    alter column series_id type varchar(200) collate "C";
alter table catalog_episode
    alter column episode_id type varchar(200) collate "C",
    alter column series_id type varchar(200) collate "C";
alter table entitlement
    alter column user_id type varchar(200) collate "C",
    alter column kind type varchar(16) collate "C",
    alter column episode_id type varchar(200) collate "C",
    alter column series_id type varchar(200) collate "C",
    alter column source type varchar(200) collate "C",
    alter column cause_event_id type varchar(200) collate "C",
    alter column revoke_event_id type varchar(200) collate "C";
alter table revocation
    alter column source type varchar(200) collate "C",
    alter column user_id type varchar(200) collate "C",
    alter column revoke_event_id type varchar(200) collate "C";
alter table processed_event
    alter column event_id type varchar(200) collate "C",
    alter column type type varchar(200) collate "C";
alter table region_promo
    alter column series_id type varchar(200) collate "C";
-- a column whose type is altered loses its planner statistics: gather them again at once
analyze catalog_series;
analyze catalog_episode;
analyze entitlement;
analyze revocation;
analyze processed_event;
analyze region_promo;
