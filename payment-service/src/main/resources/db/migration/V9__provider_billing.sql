-- Subscriptions a provider must confirm (decision 0018): INCOMPLETE until Stripe says trialing/active, one open
-- subscription per user including an incomplete one, and the provider's customer of each user.

alter table subscription drop constraint subscription_status_check;
alter table subscription add constraint subscription_status_check
    check (status in ('INCOMPLETE', 'TRIALING', 'ACTIVE', 'CANCELLED', 'PAST_DUE', 'EXPIRED', 'REFUNDED'));

drop index uq_subscription_live;
create unique index uq_subscription_open on subscription (user_id)
    where status in ('INCOMPLETE', 'TRIALING', 'ACTIVE', 'CANCELLED', 'PAST_DUE');

-- When access first started (null while incomplete, and for one abandoned before it started): the free trial is for
-- a user's first subscription that ever gave access.
alter table subscription add column activated_at timestamptz;
update subscription set activated_at = started_at;

-- One customer per user at each provider, created once (Stripe's Customer holds the saved card and the invoices).
create table provider_customer (
    provider     varchar(32) not null,
    user_id      text        not null,
    customer_id  text        not null,
    created_at   timestamptz not null,
    primary key (provider, user_id),
    constraint uq_provider_customer unique (provider, customer_id)
);
