-- What PostgreSQL alone needs to write the final state of a rebuild (docs/decisions/0011-rebuild-design.md): the
-- rows the rebuilt tables hold at the end, loaded with COPY, with the live tables' keys and indexes, crash-safe
-- (WAL-logged) at the end; no Kafka, no JSON, no Java. The bench's rebuild runs it after every rebuild against its
-- scratch database with that rebuild's row counts (`rebuild.pg_floor_seconds`, bench/README.md) and prints the command.
-- By hand, against any database entitlement-service has migrated (the tables are created like public.*):
--   PGPASSWORD=microdrama psql -h 127.0.0.1 -U microdrama -d entitlements -f bench/pg-floor.sql \
--     -v entitlements=900000 -v revoked=100000 -v events=1000000 -v revocations=100000
-- Variables (defaults: the final state of the bench's 1,000,000-event rebuild): entitlements (rows), revoked (of them
-- with revoked_at), events (processed_event rows), revocations (tombstones); unlogged=1 loads into unlogged tables and
-- switches them to logged at the end (the rebuild's former layout) instead of loading into logged tables.
-- The catalog tables and consumer_position hold a few rows at most in the bench and are left out.
-- It writes three files (~300 MB at the defaults) into the current directory and drops all it made at the end.
-- Prints `pg_floor_seconds <s>`: the load, the keys and indexes and the crash-safety, not the generation of the rows;
-- and `pg_floor_window <from> <to>` (epoch seconds), so the bench can read the CPU PostgreSQL spent in between.
\set ON_ERROR_STOP on
\if :{?entitlements} \else \set entitlements 900000 \endif
\if :{?revoked} \else \set revoked 100000 \endif
\if :{?events} \else \set events 1000000 \endif
\if :{?revocations} \else \set revocations 100000 \endif
\timing on
set client_min_messages = warning;
-- the memory the rebuild gives each index build (ShadowTables.buildIndexes)
set maintenance_work_mem = '128MB';
drop schema if exists floor cascade;
create schema floor;
-- the live tables' columns (collations included), defaults and checks; no keys or indexes yet
create table floor.entitlement (like public.entitlement including defaults including constraints);
create table floor.processed_event (like public.processed_event including defaults including constraints);
create table floor.revocation (like public.revocation including defaults including constraints);
\if :{?unlogged}
alter table floor.entitlement set unlogged;
alter table floor.processed_event set unlogged;
alter table floor.revocation set unlogged;
\endif
-- the rows as COPY text, shaped like the bench's (ids as long as its ids), generated first: only the load is timed
copy (select gen_random_uuid(), 'bench-rb-20261207T004200Z-u' || (i % 10000), 'episode', 'bench-rb-20261207T004200Z-ep-' || (11 + i % 90), 'bench-rb-20261207T004200Z-series', now(), null, gen_random_uuid()::text, gen_random_uuid()::text, case when i <= :revoked then now() end, case when i <= :revoked then gen_random_uuid()::text end from generate_series(1, :entitlements) i) to stdout \g pg-floor-entitlement.tsv
copy (select gen_random_uuid()::text, case when i % 10 = 0 then 'com.microdrama.payment.purchase-refunded.v1' else 'com.microdrama.payment.episode-purchased.v1' end, now() from generate_series(1, :events) i) to stdout \g pg-floor-processed-event.tsv
copy (select gen_random_uuid()::text, 'bench-rb-20261207T004200Z-u' || (i % 10000), now(), gen_random_uuid()::text from generate_series(1, :revocations) i) to stdout \g pg-floor-revocation.tsv
select clock_timestamp() as floor_started, extract(epoch from clock_timestamp()) as floor_started_epoch \gset
-- timed: the load, the live tables' keys and indexes (their definitions, on the floor's tables), crash-safety
\copy floor.entitlement from 'pg-floor-entitlement.tsv'
\copy floor.processed_event from 'pg-floor-processed-event.tsv'
\copy floor.revocation from 'pg-floor-revocation.tsv'
select replace(indexdef, ' ON public.', ' ON floor.') from pg_indexes
    where schemaname = 'public' and tablename in ('entitlement', 'processed_event', 'revocation') \gexec
\if :{?unlogged}
alter table floor.entitlement set logged;
alter table floor.processed_event set logged;
alter table floor.revocation set logged;
\endif
select round(extract(epoch from clock_timestamp() - :'floor_started'::timestamptz)::numeric, 3) as floor_seconds,
    extract(epoch from clock_timestamp()) as floor_finished_epoch \gset
\echo pg_floor_seconds :floor_seconds
\echo pg_floor_window :floor_started_epoch :floor_finished_epoch
drop schema floor cascade;
\! rm -f pg-floor-entitlement.tsv pg-floor-processed-event.tsv pg-floor-revocation.tsv
