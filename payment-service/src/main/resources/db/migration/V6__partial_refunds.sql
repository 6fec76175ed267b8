-- Partial refunds of coin packs: a purchase may be refunded in several parts up to its price. Unlocks and
-- subscriptions are still refunded once and whole.

alter table pack_purchase add column refunded_amount numeric(12, 2) not null default 0;
-- purchases refunded before parts existed were refunded in full
update pack_purchase set refunded_amount = price_amount where status = 'REFUNDED';
-- the last line of defence against paying back more than was paid
alter table pack_purchase add constraint pack_purchase_refunded_amount_check
    check (refunded_amount >= 0 and refunded_amount <= price_amount);

alter table refund add column amount numeric(12, 2);
alter table refund add column currency char(3);
alter table refund add column partial boolean not null default false;
update refund r set amount = p.price_amount, currency = p.currency
from pack_purchase p where r.kind = 'coin-pack' and p.id = cast(r.target_id as uuid);

alter table refund drop constraint uq_refund_target;
-- an unlock or a subscription is refunded at most once (same name as before: the 409 mapping knows it)
create unique index uq_refund_target on refund (kind, target_id) where kind <> 'coin-pack';
-- a coin pack has at most one refund that completes it; any number of partial ones before that
create unique index uq_refund_pack_final on refund (target_id) where kind = 'coin-pack' and not partial;
