-- Regional price tiers from series-updated.v1 (regionalPricePercent): every coin price of a series (episodes and
-- bundle) is scaled by its region's percentage; a region without a row pays the base price.
create table catalog_series_price_tier (
    series_id  text       not null,
    region     varchar(2) not null check (region ~ '^[A-Z]{2}$'),
    percent    integer    not null check (percent between 1 and 1000),
    primary key (series_id, region)
);

-- What an unlock was charged from: the buyer's region (token claim; null = base price) and the base price it scaled.
alter table content_unlock add column region varchar(2);
alter table content_unlock add column base_price_coins integer;
