-- Paywall experiments (docs/decisions/0036-paywall-experiments.md): defined here, the running one travels inside
-- its series' series-updated.v1 event. The arms are the event-contracts PaywallVariant list as JSON, written once
-- at creation and never changed (changing a share would move viewers between arms).
create table paywall_experiment (
    id                 varchar(100) primary key,
    series_id          varchar(100) not null references series (id),
    name               varchar(200) not null,
    status             varchar(16)  not null check (status in ('draft', 'running', 'stopped')),
    variants           text         not null,
    created_at         timestamptz  not null,
    created_by         varchar(200) not null,
    started_at         timestamptz,
    started_by         varchar(200),
    stopped_at         timestamptz,
    stopped_by         varchar(200),
    rolled_out_variant varchar(100)
);

create index paywall_experiment_series on paywall_experiment (series_id, created_at);

-- one running experiment per series: two would assign one viewer two offers
create unique index paywall_experiment_one_running on paywall_experiment (series_id) where status = 'running';
