-- Google Play reads a purchase by its token, not its order id: kept with each Play charge so reconciliation
-- (ops-cli reconcile-provider --provider play) can read every coin pack back (docs/decisions/0020-store-billing.md).
alter table store_transaction add column purchase_token text;
