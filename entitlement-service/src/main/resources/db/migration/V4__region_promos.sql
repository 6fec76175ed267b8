-- Region-wide promotions: "series S is free for viewers in regions R.. from valid_from to valid_until". Written only
-- by the admin API and in no Kafka log, so (like admin_action) a source of truth kept outside the projection: a
-- rebuild neither drops nor replays these tables, and the checks read them next to the rebuilt entitlement table.
create table region_promo (
    id              uuid         primary key,
    series_id       varchar(200) not null,
    valid_from      timestamptz  not null,
    valid_until     timestamptz  not null,
    reason          varchar(500) not null,
    created_by      varchar(200) not null,
    created_at      timestamptz  not null,
    idempotency_key varchar(200),
    request_hash    varchar(64),
    ended_at        timestamptz,
    ended_by        varchar(200),
    end_reason      varchar(500),
    constraint ck_region_promo_window check (valid_until > valid_from)
);
create unique index uq_region_promo_idempotency on region_promo (created_by, idempotency_key)
    where idempotency_key is not null;
create index ix_region_promo_series on region_promo (series_id) where ended_at is null;

create table region_promo_region (
    promo_id uuid       not null references region_promo (id),
    region   varchar(2) not null check (region ~ '^[A-Z]{2}$'),
    primary key (promo_id, region)
);
-- The check asks "promos of series S in region R": region first, then the promo.
create index ix_region_promo_region on region_promo_region (region, promo_id);
