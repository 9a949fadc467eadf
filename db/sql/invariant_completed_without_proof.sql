-- Invariant 6 (node-interface.md, "check"): an action completed without a
-- stored proof, or a proof whose merkle path does not hold its txid (the
-- txid's hash, in the BUMP's byte order, appears nowhere in the path).
-- Every invariant query takes the same three thresholds, in seconds: $1 the
-- stale threshold, $2 the stale-pending timeout, $3 the doubt horizon; and
-- answers up to ten examples, each with the total count of violations.
WITH limits AS (
  SELECT $1::float8 AS stale_threshold, $2::float8 AS stale_pending, $3::float8 AS doubt_horizon
),
violations AS (
  SELECT a.txid || ': action completed without a proof' AS example
    FROM wallet_actions a
   WHERE a.data->>'status' = 'completed'
     AND NOT EXISTS (SELECT 1 FROM wallet_proofs p WHERE p.txid = a.txid)
  UNION ALL
  SELECT p.txid || ': its merkle path does not hold it'
    FROM wallet_proofs p
   WHERE position(lower((SELECT string_agg(substr(p.txid, k, 2), '' ORDER BY k DESC)
                           FROM generate_series(1, length(p.txid) - 1, 2) AS k))
                  IN lower(p.bump_hex)) = 0
)
SELECT count(*) OVER () AS total, example FROM violations, limits ORDER BY example LIMIT 10
