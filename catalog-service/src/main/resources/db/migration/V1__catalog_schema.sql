-- Catalog schema: series and episodes with per-language text. Prices are coins; an episode's own price_coins
-- overrides the series default, and a free episode costs nothing whatever its price columns say.

create table series (
    id                  varchar(100) primary key,
    original_language   varchar(16)  not null,
    genres              varchar(40)[] not null default '{}',
    age_rating          varchar(8)   not null,
    regions             varchar(8)[]  not null default '{}',
    cover_url           varchar(500),
    free_episodes       integer      not null default 0 check (free_episodes >= 0),
    episode_price_coins integer      not null check (episode_price_coins > 0),
    bundle_price_coins  integer      not null check (bundle_price_coins > 0),
    published           boolean      not null default false,
    created_at          timestamptz  not null default now(),
    updated_at          timestamptz  not null default now()
);

-- genre filter of the browse API: array containment served by a GIN index
create index series_genres_idx on series using gin (genres);

create table series_translation (
    series_id varchar(100) not null references series (id) on delete cascade,
    language  varchar(16)  not null,
    title     varchar(300) not null,
    synopsis  text         not null,
    primary key (series_id, language)
);

create table episode (
    id               varchar(120) primary key,
    series_id        varchar(100) not null references series (id) on delete cascade,
    number           integer      not null check (number > 0),
    duration_seconds integer      not null check (duration_seconds > 0),
    video_asset      varchar(500) not null,
    free             boolean      not null default false,
    price_coins      integer check (price_coins is null or price_coins > 0),
    published        boolean      not null default false,
    created_at       timestamptz  not null default now(),
    updated_at       timestamptz  not null default now(),
    unique (series_id, number)
);

create table episode_translation (
    episode_id varchar(120) not null references episode (id) on delete cascade,
    language   varchar(16)  not null,
    title      varchar(300) not null,
    primary key (episode_id, language)
);
