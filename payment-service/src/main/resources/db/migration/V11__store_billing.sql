-- App Store and Google Play purchases (docs/decisions/0020-store-billing.md).

-- A viewer may hold VIP bought in a store next to one bought on the web: one open subscription per user and provider.
drop index uq_subscription_open;
create unique index uq_subscription_open on subscription (user_id, provider)
    where status in ('INCOMPLETE', 'TRIALING', 'ACTIVE', 'CANCELLED', 'PAST_DUE');

-- A store subscription whose access ended (expired, refunded) gets a new row when the store grants it again, so the
-- entitlements see a new VIP window instead of a revoked one reopening: one open row per store subscription.
alter table subscription drop constraint uq_subscription_provider;
create unique index uq_subscription_provider_open on subscription (provider, provider_subscription_id)
    where status in ('INCOMPLETE', 'TRIALING', 'ACTIVE', 'CANCELLED', 'PAST_DUE');
create index subscription_provider_ref_idx on subscription (provider, provider_subscription_id);

-- A subscription as a store holds it: App Store originalTransactionId, Google Play purchase token. state_at is the
-- store's date of the state last applied (Apple's signedDate; for Play the moment the state was read back), so an
-- older state arriving late never moves access.
create table store_subscription (
    provider               varchar(32) not null,
    store_subscription_id  text        not null,
    user_id                text        not null,
    product_id             text        not null,
    plan_id                text        not null references subscription_plan (id),
    subscription_id        uuid        references subscription (id),
    store_status           text        not null,
    expires_at             timestamptz,
    auto_renew             boolean,
    state_at               timestamptz not null,
    created_at             timestamptz not null,
    updated_at             timestamptz not null,
    primary key (provider, store_subscription_id)
);
create index store_subscription_user_idx on store_subscription (user_id);

-- Every store charge we learned of (a coin pack, a subscription period), with the price and currency the store
-- charged, for revenue reporting and reconciliation. Key: App Store transactionId, Google Play orderId.
create table store_transaction (
    provider               varchar(32)    not null,
    transaction_id         text           not null,
    user_id                text           not null,
    product_id             text           not null,
    kind                   varchar(16)    not null check (kind in ('coin-pack', 'subscription')),
    pack_purchase_id       uuid           references pack_purchase (id),
    store_subscription_id  text,
    price_amount           numeric(12, 2),
    currency               char(3),
    environment            text,
    purchased_at           timestamptz    not null,
    expires_at             timestamptz,
    revoked_at             timestamptz,
    recorded_at            timestamptz    not null,
    primary key (provider, transaction_id)
);
create index store_transaction_user_idx on store_transaction (user_id, purchased_at desc);
