-- Catalog projection, fed only by catalog-events (compacted; newest event per key is the state).
create table catalog_series (
    series_id          varchar(200) primary key,
    episode_count      integer      not null,
    free_episodes      integer      not null,
    bundle_price_coins integer      not null,
    published          boolean      not null,
    updated_at         timestamptz  not null
);

create table catalog_episode (
    episode_id  varchar(200) primary key,
    series_id   varchar(200) not null,
    number      integer      not null,
    free        boolean      not null,
    price_coins integer      not null,
    published   boolean      not null,
    updated_at  timestamptz  not null
);
create index ix_catalog_episode_series on catalog_episode (series_id, number);

create table entitlement (
    id              uuid         primary key,
    user_id         varchar(200) not null,
    kind            varchar(16)  not null check (kind in ('episode', 'series', 'vip', 'promo')),
    episode_id      varchar(200),
    series_id       varchar(200),
    valid_from      timestamptz  not null,
    valid_until     timestamptz,
    source          varchar(200) not null,
    cause_event_id  varchar(200) not null,
    revoked_at      timestamptz,
    revoke_event_id varchar(200),
    -- One purchase (unlock id) or subscription grants at most one entitlement, however often its event arrives.
    constraint uq_entitlement_source unique (source),
    constraint ck_entitlement_target check (
        (kind = 'episode' and episode_id is not null)
        or (kind = 'series' and series_id is not null)
        or kind in ('vip', 'promo'))
);
create index ix_entitlement_user_series on entitlement (user_id, series_id);
create index ix_entitlement_user_episode on entitlement (user_id, episode_id);
create index ix_entitlement_user_kind on entitlement (user_id, kind);

-- A refund may arrive before the purchase it takes back; the tombstone makes the later grant land revoked.
create table revocation (
    source          varchar(200) primary key,
    user_id         varchar(200) not null,
    revoked_at      timestamptz  not null,
    revoke_event_id varchar(200) not null
);

-- Inbox of applied payment events: written in the same transaction as their effect.
create table processed_event (
    event_id     varchar(200) primary key,
    type         varchar(200) not null,
    processed_at timestamptz  not null
);
