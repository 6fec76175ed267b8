-- payment-service schema. The ledger is the truth about coins; wallet is the balance cache kept in the same
-- transaction. CHECK and UNIQUE constraints repeat the application's rules so a bug cannot silently break them.

create table coin_pack (
    id            text primary key,
    region        varchar(2)    not null,
    coins         integer       not null check (coins > 0),
    bonus_coins   integer       not null default 0 check (bonus_coins >= 0),
    price_amount  numeric(12, 2) not null check (price_amount > 0),
    currency      char(3)       not null,
    sort_order    integer       not null default 0,
    active        boolean       not null default true
);
create index coin_pack_region_idx on coin_pack (region, sort_order);

create table wallet (
    user_id      text primary key,
    paid_coins   bigint      not null default 0 check (paid_coins >= 0),
    bonus_coins  bigint      not null default 0 check (bonus_coins >= 0),
    updated_at   timestamptz not null default now()
);

create table ledger_entry (
    seq            bigserial primary key,
    id             uuid        not null unique,
    user_id        text        not null,
    type           varchar(16) not null check (type in ('PURCHASE', 'BONUS', 'SPEND', 'REFUND', 'ADJUSTMENT')),
    coins          bigint      not null,
    paid_coins     bigint      not null,
    bonus_coins    bigint      not null,
    balance_after  bigint      not null check (balance_after >= 0),
    reference      text        not null,
    created_at     timestamptz not null,
    check (coins = paid_coins + bonus_coins),
    -- one credit/debit of each type per business fact: a replayed purchase can never credit twice
    constraint uq_ledger_reference_type unique (reference, type)
);
create index ledger_entry_user_idx on ledger_entry (user_id, seq desc);

create table pack_purchase (
    id                  uuid primary key,
    user_id             text          not null,
    pack_id             text          not null references coin_pack (id),
    coins               integer       not null,
    bonus_coins         integer       not null,
    price_amount        numeric(12, 2) not null,
    currency            char(3)       not null,
    provider            varchar(32)   not null,
    provider_payment_id text,
    client_secret       text,
    status              varchar(16)   not null check (status in ('PENDING', 'COMPLETED', 'FAILED')),
    created_at          timestamptz   not null,
    completed_at        timestamptz,
    -- a provider payment (and so a duplicate webhook) can complete at most one purchase
    constraint uq_purchase_provider_payment unique (provider, provider_payment_id)
);
create index pack_purchase_user_idx on pack_purchase (user_id, created_at desc);

create table catalog_series (
    series_id          text primary key,
    episode_count      integer     not null,
    free_episodes      integer     not null,
    bundle_price_coins integer     not null,
    published          boolean     not null,
    event_id           text,
    updated_at         timestamptz not null
);

create table catalog_episode (
    episode_id   text primary key,
    series_id    text        not null,
    number       integer     not null,
    free         boolean     not null,
    price_coins  integer     not null,
    published    boolean     not null,
    event_id     text,
    updated_at   timestamptz not null
);
create index catalog_episode_series_idx on catalog_episode (series_id);

create table content_unlock (
    id           uuid primary key,
    user_id      text        not null,
    kind         varchar(8)  not null check (kind in ('EPISODE', 'SERIES')),
    episode_id   text,
    series_id    text        not null,
    coins_spent  integer     not null check (coins_spent >= 0),
    status       varchar(16) not null default 'ACTIVE' check (status in ('ACTIVE', 'REFUNDED')),
    created_at   timestamptz not null,
    check ((kind = 'EPISODE') = (episode_id is not null))
);
-- parallel duplicates cannot both win, whatever the application does
create unique index uq_unlock_active_episode on content_unlock (user_id, episode_id) where kind = 'EPISODE' and status = 'ACTIVE';
create unique index uq_unlock_active_series on content_unlock (user_id, series_id) where kind = 'SERIES' and status = 'ACTIVE';

create table idempotency_key (
    user_id          text         not null,
    key              varchar(255) not null,
    request_hash     char(64)     not null,
    status           varchar(16)  not null check (status in ('IN_PROGRESS', 'COMPLETED')),
    response_status  integer,
    response_body    text,
    created_at       timestamptz  not null default now(),
    completed_at     timestamptz,
    primary key (user_id, key)
);
create index idempotency_key_created_idx on idempotency_key (created_at);

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
