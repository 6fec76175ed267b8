-- What the catalog would refuse is never sold: series-updated.v1 carries the series' licence regions and age
-- rating. regions: ISO codes, empty = everywhere (also what an event written before the field means).
-- age_rating: a label of the shared AgeRating; null = no event with a rating has arrived yet (see the README).
alter table catalog_series add column regions varchar(2)[] not null default '{}';
alter table catalog_series add column age_rating text;

-- Coin packs belong to a market: region = the market's ISO code, null = a global pack on sale in every market.
alter table coin_pack alter column region drop not null;

-- An episode unlock covered by a later series unlock of the same user is SUPERSEDED (by that series unlock): it is
-- no longer refundable on its own, and a refund of the series makes it ACTIVE again (it was paid separately).
alter table content_unlock drop constraint content_unlock_status_check;
alter table content_unlock add constraint content_unlock_status_check
    check (status in ('ACTIVE', 'REFUNDED', 'SUPERSEDED'));
alter table content_unlock add column superseded_by uuid references content_unlock (id);
alter table content_unlock add constraint content_unlock_superseded_check
    check ((status = 'SUPERSEDED') = (superseded_by is not null));
create index content_unlock_superseded_by_idx on content_unlock (superseded_by) where superseded_by is not null;
