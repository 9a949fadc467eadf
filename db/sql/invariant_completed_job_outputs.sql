-- Invariant 2 (node-interface.md, "check"): a completed job whose inputs
-- are not spent (by their effective state), or whose change outputs are
-- missing (deleted).
-- Every invariant query takes the same three thresholds, in seconds: $1 the
-- stale threshold, $2 the stale-pending timeout, $3 the doubt horizon; and
-- answers up to ten examples, each with the total count of violations.
WITH limits AS (
  SELECT $1::float8 AS stale_threshold, $2::float8 AS stale_pending, $3::float8 AS doubt_horizon
),
violations AS (
  SELECT j.txid || ': input ' || i.outpoint || ' is '
         || coalesce(o.state, CASE WHEN o.spendable THEN 'spendable' ELSE 'spent' END) AS example
    FROM wallet_broadcast_jobs j
         CROSS JOIN unnest(j.input_outpoints) AS i(outpoint)
         JOIN wallet_outputs o ON o.outpoint = i.outpoint
   WHERE j.status = 'completed'
     AND coalesce(o.state, CASE WHEN o.spendable THEN 'spendable' ELSE 'spent' END) <> 'spent'
  UNION ALL
  SELECT j.txid || ': change ' || c.outpoint || ' is missing'
    FROM wallet_broadcast_jobs j CROSS JOIN unnest(j.change_outpoints) AS c(outpoint)
   WHERE j.status = 'completed'
     AND NOT EXISTS (SELECT 1 FROM wallet_outputs o WHERE o.outpoint = c.outpoint)
)
SELECT count(*) OVER () AS total, example FROM violations, limits ORDER BY example LIMIT 10
