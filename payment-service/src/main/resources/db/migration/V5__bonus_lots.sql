-- Bonus coins expire: every bonus credit is a lot with its own expiry, spent earliest-expiry first. The wallet's
-- bonus_coins stays the cache of the sum of the live lots' remaining coins (changed in the same transaction).

create table bonus_lot (
    id          uuid primary key,
    user_id     text        not null,
    -- what granted the lot, e.g. pack-purchase:<id>; one lot per grant, so a replayed credit cannot add a second
    source      text        not null,
    granted     bigint      not null check (granted > 0),
    remaining   bigint      not null check (remaining >= 0 and remaining <= granted),
    granted_at  timestamptz not null,
    expires_at  timestamptz,          -- null: never expires (bonus granted before lots existed)
    expired_at  timestamptz,          -- set once, by whoever expired the lot (job or a spend that found it due)
    constraint uq_bonus_lot_source unique (source),
    check (expired_at is null or remaining = 0)
);
create index bonus_lot_user_idx on bonus_lot (user_id) where expired_at is null;
-- the expiry job's search: live lots whose time is up
create index bonus_lot_due_idx on bonus_lot (expires_at) where expired_at is null and expires_at is not null;

-- Which ledger movement took (coins > 0) or gave back (coins < 0) how many coins of which lot: a refunded unlock
-- returns its bonus coins to the lots they came from, and remaining = granted - sum(coins) always holds.
create table bonus_lot_use (
    lot_id           uuid   not null references bonus_lot (id) on delete cascade,
    ledger_entry_id  uuid   not null,
    coins            bigint not null check (coins <> 0),
    primary key (lot_id, ledger_entry_id)
);
create index bonus_lot_use_entry_idx on bonus_lot_use (ledger_entry_id);

-- Expiry is a ledger movement of its own. Like a refund it may deepen an existing debt (the expired coins were
-- offsetting it); it never creates one, because it takes bonus coins only.
alter table ledger_entry drop constraint ledger_entry_type_check;
alter table ledger_entry alter column type type varchar(24);
alter table ledger_entry add constraint ledger_entry_type_check
    check (type in ('PURCHASE', 'BONUS', 'SPEND', 'REFUND', 'ADJUSTMENT', 'BONUS_EXPIRED'));
alter table ledger_entry drop constraint ledger_entry_balance_after_check;
alter table ledger_entry add constraint ledger_entry_balance_after_check
    check (balance_after >= 0 or type in ('REFUND', 'BONUS_EXPIRED') or coins > 0);

-- Bonus coins held before lots existed become one lot per wallet that never expires: we do not know when they were
-- granted, and expiring coins that users were never told would expire is not ours to decide retroactively.
insert into bonus_lot (id, user_id, source, granted, remaining, granted_at, expires_at)
select gen_random_uuid(), user_id, 'legacy:' || user_id, bonus_coins, bonus_coins, now(), null
from wallet where bonus_coins > 0;
