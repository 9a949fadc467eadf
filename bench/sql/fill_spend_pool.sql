-- The spenders' data set (lock_cycle, allocate, funding_two_step): :rows
-- spendable outputs 'pool.<i>' in basket 'pool', of 1,000 to 1,999
-- satoshis (spread evenly, the same every run).
INSERT INTO wallet_outputs (outpoint, basket, spendable, state, satoshis, data)
SELECT 'pool.' || i, 'pool', true, 'spendable', 1000 + (i::bigint * 7919) % 1000,
       jsonb_build_object('outpoint', 'pool.' || i, 'basket', 'pool',
                          'satoshis', 1000 + (i::bigint * 7919) % 1000, 'state', 'spendable',
                          'locking_script', '76a914' || md5(i::text) || '88ac')
  FROM generate_series(1, :rows) AS i;
