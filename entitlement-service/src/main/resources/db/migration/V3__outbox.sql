-- Transactional outbox (com.microdrama:outbox): entitlement granted/revoked events written in the ledger's
-- transaction, sent to entitlement-events by the relay. The same definition as payment-service's table.
create table outbox_event (
    seq           bigserial primary key,
    id            uuid        not null unique,
    topic         text        not null,
    record_key    text        not null,
    type          text        not null,
    payload       text        not null,
    created_at    timestamptz not null,
    published_at  timestamptz
);
create index outbox_event_unpublished_idx on outbox_event (seq) where published_at is null;
