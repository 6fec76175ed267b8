-- VIP subscriptions, provider webhooks, refunds/chargebacks and admin adjustments.

-- A refund or chargeback of a pack whose coins were already spent leaves the wallet in debt (negative paid coins).
-- Only a REFUND entry may take the balance below zero; every other movement still has to leave it >= 0.
alter table wallet drop constraint wallet_paid_coins_check;
alter table ledger_entry drop constraint ledger_entry_balance_after_check;
alter table ledger_entry add constraint ledger_entry_balance_after_check check (balance_after >= 0 or type = 'REFUND');

alter table pack_purchase drop constraint pack_purchase_status_check;
alter table pack_purchase add constraint pack_purchase_status_check
    check (status in ('PENDING', 'COMPLETED', 'FAILED', 'REFUNDED'));
alter table pack_purchase add column refunded_at timestamptz;

alter table content_unlock add column refunded_at timestamptz;

create table subscription_plan (
    id            text primary key,
    period        varchar(16)    not null check (period in ('WEEKLY', 'MONTHLY', 'YEARLY')),
    period_days   integer        not null check (period_days > 0),
    price_amount  numeric(12, 2) not null check (price_amount > 0),
    currency      char(3)        not null,
    trial_days    integer        not null default 0 check (trial_days >= 0),
    sort_order    integer        not null default 0,
    active        boolean        not null default true
);

insert into subscription_plan (id, period, period_days, price_amount, currency, trial_days, sort_order) values
    ('vip-weekly',  'WEEKLY',    7,  19.99, 'USD', 3, 10),
    ('vip-monthly', 'MONTHLY',  30,  39.99, 'USD', 0, 20),
    ('vip-yearly',  'YEARLY',  365, 199.99, 'USD', 0, 30);

create table subscription (
    id                        uuid primary key,
    user_id                   text        not null,
    plan_id                   text        not null references subscription_plan (id),
    status                    varchar(16) not null
        check (status in ('TRIALING', 'ACTIVE', 'CANCELLED', 'PAST_DUE', 'EXPIRED', 'REFUNDED')),
    provider                  varchar(32) not null,
    provider_subscription_id  text,
    started_at                timestamptz not null,
    current_period_start      timestamptz not null,
    current_period_end        timestamptz not null,
    in_trial                  boolean     not null default false,
    grace_until               timestamptz,
    cancelled_at              timestamptz,
    ended_at                  timestamptz,
    created_at                timestamptz not null,
    updated_at                timestamptz not null,
    check (current_period_end > current_period_start),
    constraint uq_subscription_provider unique (provider, provider_subscription_id)
);
-- one live subscription per user, whatever races the application loses
create unique index uq_subscription_live on subscription (user_id)
    where status in ('TRIALING', 'ACTIVE', 'CANCELLED', 'PAST_DUE');
create index subscription_user_idx on subscription (user_id, created_at desc);
-- the expiry job looks for live subscriptions whose access ended
create index subscription_due_idx on subscription (current_period_end)
    where status in ('TRIALING', 'ACTIVE', 'CANCELLED', 'PAST_DUE');

-- Every provider event we acted on, written in the same transaction as its effect: a redelivered event finds its row.
create table provider_event (
    provider     varchar(32) not null,
    event_id     text        not null,
    type         text        not null,
    outcome      text        not null,
    received_at  timestamptz not null,
    primary key (provider, event_id)
);

create table refund (
    id          uuid primary key,
    user_id     text        not null,
    kind        varchar(16) not null check (kind in ('coin-pack', 'episode-unlock', 'series-unlock', 'subscription')),
    target_id   text        not null,
    reason      text        not null,
    chargeback  boolean     not null default false,
    source      text        not null,
    coins       bigint      not null default 0,
    created_by  text        not null,
    created_at  timestamptz not null,
    -- a purchase, unlock or subscription is refunded at most once
    constraint uq_refund_target unique (kind, target_id)
);
create index refund_user_idx on refund (user_id, created_at desc);

create table wallet_adjustment (
    id          uuid primary key,
    user_id     text        not null,
    coins       bigint      not null check (coins <> 0),
    reason      text        not null,
    created_by  text        not null,
    created_at  timestamptz not null
);
create index wallet_adjustment_user_idx on wallet_adjustment (user_id, created_at desc);
