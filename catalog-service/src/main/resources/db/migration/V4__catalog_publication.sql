-- When catalog-service last marked the WHOLE catalog for publication, for which catalog-events topic and in which
-- event format. A start republishes everything only when this says the topic may lack part of the catalog (no row:
-- never filled from this database; another topic id: the topic was recreated; an older format: the topic holds
-- events in an older wording); otherwise the catalog_change markers alone keep the compacted topic complete.
-- One row at most. No row is inserted here: the first start after this migration fills the topic once.
create table catalog_publication (
    id           smallint     primary key default 1 check (id = 1),
    event_format integer      not null,
    topic_id     varchar(64),
    marked_at    timestamptz  not null
);
