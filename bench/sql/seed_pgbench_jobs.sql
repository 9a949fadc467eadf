-- Seeds :count auto-funded jobs for the pgbench baseline of `bench
-- queue_drain` (psql -v count=N): the shape of seed_queue_jobs.sql, with
-- made-up txids (pgbench does not decode payloads), and the partial index
-- on unsent jobs that the baseline's claim uses.
SET client_min_messages = warning;
CREATE INDEX IF NOT EXISTS wallet_broadcast_jobs_unsent_index
  ON wallet_broadcast_jobs (id) WHERE status = 'unsent';
WITH t AS (
  SELECT md5(n::text) || md5((n + 1)::text) AS txid FROM generate_series(1, :count) AS n
),
jobs AS (
  INSERT INTO wallet_broadcast_jobs (txid, beef_hex, input_outpoints, change_outpoints, fund_ref)
  SELECT txid, 'not decoded', ARRAY[txid || '.100', txid || '.101'], ARRAY[txid || '.0'],
         'fund-' || txid
    FROM t
),
actions AS (
  INSERT INTO wallet_actions (txid, data)
  SELECT txid, jsonb_build_object('txid', txid, 'status', 'sending') FROM t
)
INSERT INTO wallet_outputs (outpoint, basket, spendable, state, satoshis, pending_since,
                            pending_reference, data)
SELECT o, 'bench', false, 'pending', 100, now(), 'fund-' || t.txid,
       jsonb_build_object('outpoint', o, 'satoshis', 100, 'state', 'pending',
                          'pending_reference', 'fund-' || t.txid)
  FROM t, unnest(ARRAY[t.txid || '.100', t.txid || '.101', t.txid || '.0']) AS o;
