-- The transactional outbox's table (com.microdrama:outbox): the one definition every service's outbox_event has.
-- A service runs it by listing the module's location: quarkus.flyway.locations=db/migration,db/outbox.
-- Repeatable, so its version never collides with a service's own V<n> migrations: Flyway runs it again whenever this
-- file changes, hence every statement is idempotent and a change is a new idempotent statement appended below
-- (alter table ... add column if not exists ...), never an edit of one above (decision 0006).
-- payment-service (V1__schema.sql) and entitlement-service (V3__outbox.sql) created the table before this file existed;
-- OutboxTableIT proves their migrated schema has exactly this table and these indexes.
create table if not exists outbox_event (
    seq           bigserial primary key,
    id            uuid        not null unique,
    topic         text        not null,
    record_key    text        not null,
    type          text        not null,
    payload       text        not null,
    created_at    timestamptz not null,
    published_at  timestamptz
);
create index if not exists outbox_event_unpublished_idx on outbox_event (seq) where published_at is null;
-- OutboxPurge deletes rows published longer ago than outbox.retention: this index finds them without reading the
-- unpublished ones or the whole table.
create index if not exists outbox_event_published_idx on outbox_event (published_at) where published_at is not null;
-- The W3C trace context (traceparent, tracestate) of the unit of work that appended the row, null outside a trace: the
-- relay sends the record inside a span that continues it (docs/decisions/0025-tracing-through-the-outbox.md).
alter table outbox_event add column if not exists traceparent text;
alter table outbox_event add column if not exists tracestate text;
