-- Invariant 3 (node-interface.md, "check"): a failed job whose change
-- outputs still exist, or whose inputs are still pending under its fund_ref.
-- Every invariant query takes the same three thresholds, in seconds: $1 the
-- stale threshold, $2 the stale-pending timeout, $3 the doubt horizon; and
-- answers up to ten examples, each with the total count of violations.
WITH limits AS (
  SELECT $1::float8 AS stale_threshold, $2::float8 AS stale_pending, $3::float8 AS doubt_horizon
),
violations AS (
  SELECT j.txid || ': change ' || c.outpoint || ' still exists' AS example
    FROM wallet_broadcast_jobs j
         CROSS JOIN unnest(j.change_outpoints) AS c(outpoint)
         JOIN wallet_outputs o ON o.outpoint = c.outpoint
   WHERE j.status = 'failed'
  UNION ALL
  SELECT j.txid || ': input ' || i.outpoint || ' still pending under ' || j.fund_ref
    FROM wallet_broadcast_jobs j
         CROSS JOIN unnest(j.input_outpoints) AS i(outpoint)
         JOIN wallet_outputs o ON o.outpoint = i.outpoint
   WHERE j.status = 'failed' AND o.state = 'pending' AND o.pending_reference = j.fund_ref
)
SELECT count(*) OVER () AS total, example FROM violations, limits ORDER BY example LIMIT 10
