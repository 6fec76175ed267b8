-- A credit to a wallet in debt (buying coins, a positive adjustment) moves the balance towards zero but may still
-- leave it negative. Only movements that take coins (coins < 0) must never end below zero, refunds excepted.
alter table ledger_entry drop constraint ledger_entry_balance_after_check;
alter table ledger_entry add constraint ledger_entry_balance_after_check
    check (balance_after >= 0 or type = 'REFUND' or coins > 0);
