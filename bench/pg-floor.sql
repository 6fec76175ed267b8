-- What PostgreSQL alone needs to load and index the rows a 1,000,000-event rebuild writes
-- (docs/decisions/0011-rebuild-design.md): no Kafka, no JSON, no Java. Run against any scratch database:
--   PGPASSWORD=microdrama psql -h 127.0.0.1 -U microdrama -d entitlements_bench_rb -f bench/pg-floor.sql
-- It writes two ~100-200 MB files into the current directory and drops everything it created at the end.
-- With -v logged=1 the tables are WAL-logged from the start and never switched (the layout with the lowest floor):
-- COPY into logged tables without any key, then keys and indexes.
\timing on
drop schema if exists floor cascade;
create schema floor;
-- the columns of the projection's entitlement and processed_event tables (V1__entitlements.sql), unlogged and
-- without keys, like the rebuild's shadow tables while they load (logged with -v logged=1)
create unlogged table floor.entitlement (id uuid not null, user_id varchar(200) not null, kind varchar(16) not null
    check (kind in ('episode', 'series', 'vip', 'promo')), episode_id varchar(200), series_id varchar(200),
    valid_from timestamptz not null, valid_until timestamptz, source varchar(200) not null,
    cause_event_id varchar(200) not null, revoked_at timestamptz, revoke_event_id varchar(200));
create unlogged table floor.processed_event (event_id varchar(200) not null, type varchar(200) not null,
    processed_at timestamptz not null);
\if :{?logged}
alter table floor.entitlement set logged;
alter table floor.processed_event set logged;
\endif
-- the rows as COPY text, generated first so that only the load is timed below
\copy (select gen_random_uuid(), 'user-' || (i % 10000), 'episode', 'ep-' || (i % 100) || '-s' || (i % 37), 'series-' || (i % 37), now(), null, 'unlock-' || gen_random_uuid(), gen_random_uuid()::text, null, null from generate_series(1, 1000000) i) to 'pg-floor-entitlement.tsv'
\copy (select gen_random_uuid()::text, 'com.microdrama.payment.episode-purchased.v1', now() from generate_series(1, 1000000) i) to 'pg-floor-processed-event.tsv'
-- timed: the load, the live tables' keys and indexes, and making the tables crash-safe
\copy floor.entitlement from 'pg-floor-entitlement.tsv'
\copy floor.processed_event from 'pg-floor-processed-event.tsv'
alter table floor.entitlement add constraint uq_floor_source unique (source);
alter table floor.processed_event add primary key (event_id);
alter table floor.entitlement add primary key (id);
create index on floor.entitlement (user_id, series_id);
create index on floor.entitlement (user_id, episode_id);
create index on floor.entitlement (user_id, kind);
\if :{?logged}
\else
alter table floor.entitlement set logged;
alter table floor.processed_event set logged;
\endif
drop schema floor cascade;
\! rm -f pg-floor-entitlement.tsv pg-floor-processed-event.tsv
