-- Refunds that return money at the provider, disputes that end, and why a pack payment failed
-- (docs/decisions/0019-stripe-refunds-disputes-abandoned.md).

-- The provider's object behind a refund: Stripe's Refund (re_…) for a refund sent there, the Dispute (dp_…) for a
-- chargeback. provider_status is the Refund's status as Stripe last told it (pending, succeeded, failed).
alter table refund add column provider_ref text;
alter table refund add column provider_status text;
create index refund_provider_ref_idx on refund (provider_ref) where provider_ref is not null;

-- A refund undone: a dispute the merchant won gives the coins back, as does a refund whose money never reached the
-- customer (Stripe's refund.failed). The row stays, as history; the purchase is refundable again.
alter table refund add column reversed_at timestamptz;
alter table refund add column reversal_reason text;

drop index uq_refund_target;
create unique index uq_refund_target on refund (kind, target_id) where kind <> 'coin-pack' and reversed_at is null;
drop index uq_refund_pack_final;
create unique index uq_refund_pack_final on refund (target_id)
    where kind = 'coin-pack' and not partial and reversed_at is null;

-- Why a pack purchase FAILED: the provider's decline (decline_code, else code, and its message), or ours
-- (abandoned: not paid in time).
alter table pack_purchase add column failure_code text;
alter table pack_purchase add column failure_message text;

-- the abandoned-purchase job looks for old pending purchases
create index pack_purchase_pending_idx on pack_purchase (created_at) where status = 'PENDING';
