-- Grants and revocations made by people. They are in no Kafka log, so this journal is their system of record:
-- never rebuilt, and replayed (in seq order) onto the rebuilt entitlement table by the rebuild job.
create table admin_action (
    seq                bigserial    primary key,
    id                 varchar(200) not null unique,
    action             varchar(16)  not null check (action in ('promo-grant', 'ad-reward', 'revoke')),
    actor              varchar(200) not null,
    entitlement_id     uuid         not null,
    entitlement_source varchar(200) not null,
    user_id            varchar(200) not null,
    episode_id         varchar(200),
    series_id          varchar(200),
    valid_from         timestamptz,
    valid_until        timestamptz,
    reason             varchar(500),
    ad_impression_id   varchar(200),
    idempotency_key    varchar(200),
    request_hash       varchar(64),
    created_at         timestamptz  not null,
    -- An ad impression pays for one unlock, however often the reward callback is retried.
    constraint uq_admin_action_ad_impression unique (ad_impression_id),
    constraint ck_admin_action_grant check (
        action = 'revoke' or (valid_from is not null and (episode_id is not null or series_id is not null)))
);
create unique index uq_admin_action_idempotency on admin_action (actor, idempotency_key)
    where idempotency_key is not null;
create index ix_admin_action_user on admin_action (user_id);

-- Next offset the live consumers will handle per partition, written in the same transaction as each record's
-- effect. The rebuild reads it under lock to know exactly which records the live tables already contain.
create table consumer_position (
    topic       varchar(200) not null,
    partition   integer      not null,
    next_offset bigint       not null,
    updated_at  timestamptz  not null,
    primary key (topic, partition)
);
