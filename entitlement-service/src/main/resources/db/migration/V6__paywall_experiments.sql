-- Paywall experiments (docs/decisions/0036-paywall-experiments.md). The running experiment of a series travels in the
-- series' own series-updated.v1 and is projected with the series' other facts: null when none runs (a newer event
-- without one, or a tombstone, ends it).
alter table catalog_series
    add column experiment jsonb,
    -- Whether any viewer has an exposure on the series. Set with every exposure (in its statement) and, by the
    -- rebuild, from paywall_exposure; never by catalog events. The single check looks exposures up only behind it, so a
    -- series that never gave an episode away through an arm costs the check no lookup.
    add column exposed boolean not null default false;

-- "Nobody loses an episode they could play": when a check answers free because of the viewer's arm, the arm's free
-- count is recorded once per viewer, series and experiment, and keeps counting after the experiment stops. Written by
-- the checks and in no Kafka log, so (like admin_action and region_promo) a source kept outside the projection: a
-- rebuild neither drops nor replays it.
create table paywall_exposure (
    user_id       varchar(200) collate "C" not null,
    series_id     varchar(200) collate "C" not null,
    experiment_id varchar(200) collate "C" not null,
    variant       varchar(200)             not null,
    free_episodes integer                  not null check (free_episodes >= 0),
    exposed_at    timestamptz              not null,
    -- the checks ask "exposures of user U on series S": the key's first two columns
    primary key (user_id, series_id, experiment_id)
);
