-- Coin packs per region. Ids are global (a purchase names only the pack), so regional packs carry a suffix.
insert into coin_pack (id, region, coins, bonus_coins, price_amount, currency, sort_order) values
    ('coins-100',       'US',  100,   0,  0.99, 'USD', 10),
    ('coins-500',       'US',  500,  50,  4.99, 'USD', 20),
    ('coins-1000',      'US', 1000, 150,  9.99, 'USD', 30),
    ('coins-2200',      'US', 2200, 400, 19.99, 'USD', 40),
    ('coins-500-eur',   'DE',  500,  50,  4.99, 'EUR', 20),
    ('coins-1000-eur',  'DE', 1000, 150,  9.99, 'EUR', 30),
    ('coins-2200-eur',  'DE', 2200, 400, 19.99, 'EUR', 40);
