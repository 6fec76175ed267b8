-- Admin API, regional price tiers and the reliable catalog-events relay.

-- The age ratings the admin API accepts (AgeRating in Java); the seed only uses 13+ and 16+.
alter table series add constraint series_age_rating_check check (age_rating in ('all', '7+', '13+', '16+', '18+'));

-- Regional price tier: every coin price of the series (episodes, overrides, bundle) shown in that region is
-- scaled by price_percent (rounded up, never below 1 coin for something paid). No row = 100 %.
create table series_region_price (
    series_id     varchar(100) not null references series (id) on delete cascade,
    region        varchar(2)   not null,
    price_percent integer      not null check (price_percent between 1 and 1000),
    primary key (series_id, region)
);

-- "Dirty" markers: a change commits together with its marker, the relay publishes the CURRENT state of every
-- marked row and deletes the marker only after Kafka acknowledged it, and only if it was not marked again
-- meanwhile (seq changes on every mark), so a crash anywhere in between loses nothing.
create sequence catalog_change_seq;

create table catalog_change (
    kind       varchar(10)  not null check (kind in ('episode', 'series')),
    key        varchar(120) not null,
    seq        bigint       not null,
    changed_at timestamptz  not null default now(),
    primary key (kind, key)
);

create index catalog_change_seq_idx on catalog_change (seq);

-- An episode's own price may be 0 (that one episode is free); prices are bounded like the admin API bounds them.
alter table episode drop constraint episode_price_coins_check;
alter table episode add constraint episode_price_coins_check check (price_coins is null or price_coins between 0 and 10000);
