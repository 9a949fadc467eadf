-- A queue's history (queue_drain and queue_latency --history): :rows
-- completed broadcast jobs with their actions, each job carrying a 400-byte
-- payload, as a wallet that has paid :rows times holds them.
INSERT INTO wallet_broadcast_jobs (txid, status, beef_hex, fund_ref, attempts, created_at,
                                   updated_at, proof_state, proven_at)
SELECT md5('h' || i) || md5('j' || i), 'completed', repeat(md5(i::text), 12) || '0000000000000000',
       'fund-h' || i, 1, now() - interval '30 days', now() - interval '30 days',
       'proven', now() - interval '29 days'
  FROM generate_series(1, :rows) AS i;
INSERT INTO wallet_actions (txid, data)
SELECT md5('h' || i) || md5('j' || i),
       jsonb_build_object('txid', md5('h' || i) || md5('j' || i), 'status', 'completed')
  FROM generate_series(1, :rows) AS i;
