-- Paywall experiments (docs/decisions/0036-paywall-experiments.md): series-updated.v1 carries the experiment running
-- on the series (null when none). It is kept as the event's own JSON (PaywallExperiment: id, start, arms), replaced
-- with every series event, so an event without it clears it; a viewer's arm is computed from it and the token's
-- subject on every spend (PaywallExperiment.variantFor), nothing per viewer is stored. Text, not jsonb: it is only
-- ever read whole, by the id of its series row, and parsed by the same mapping that wrote it.
alter table catalog_series add column experiment text;

-- The arm an unlock was priced by, for audit and refunds: base_price_coins may then be the arm's price rather than
-- the catalog's, and these say why. Null: no experiment ran on the series for the buyer.
alter table content_unlock add column experiment_id text;
alter table content_unlock add column variant text;
alter table content_unlock add constraint content_unlock_variant_check
    check ((experiment_id is null) = (variant is null));
