-- Seeds auto-funded broadcast jobs from the temporary table bench_seed(txid,
-- hex) for `bench queue_drain` and bench/compare.sh's pgbench baseline: per
-- job an action, two pending inputs and one pending change output under its
-- fund_ref.
WITH jobs AS (
  INSERT INTO wallet_broadcast_jobs (txid, beef_hex, input_outpoints, change_outpoints, fund_ref)
  SELECT txid, hex, ARRAY[txid || '.100', txid || '.101'], ARRAY[txid || '.0'], 'fund-' || txid
    FROM bench_seed
),
actions AS (
  INSERT INTO wallet_actions (txid, data)
  SELECT txid, jsonb_build_object('txid', txid, 'status', 'sending') FROM bench_seed
)
INSERT INTO wallet_outputs (outpoint, basket, spendable, state, satoshis, pending_since,
                            pending_reference, data)
SELECT o, 'bench', false, 'pending', 100, now(), 'fund-' || t.txid,
       jsonb_build_object('outpoint', o, 'satoshis', 100, 'state', 'pending',
                          'pending_reference', 'fund-' || t.txid)
  FROM bench_seed t, unnest(ARRAY[t.txid || '.100', t.txid || '.101', t.txid || '.0']) AS o;
