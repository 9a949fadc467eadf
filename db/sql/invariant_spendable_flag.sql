-- Invariant 4 (node-interface.md, "check"): an output whose spendable
-- column disagrees with its state (every write of state sets both).
-- Every invariant query takes the same three thresholds, in seconds: $1 the
-- stale threshold, $2 the stale-pending timeout, $3 the doubt horizon; and
-- answers up to ten examples, each with the total count of violations.
WITH limits AS (
  SELECT $1::float8 AS stale_threshold, $2::float8 AS stale_pending, $3::float8 AS doubt_horizon
),
violations AS (
  SELECT o.outpoint || ' is ' || o.state || ' but spendable is ' || o.spendable::text AS example
    FROM wallet_outputs o
   WHERE o.state IS NOT NULL AND o.spendable <> (o.state = 'spendable')
)
SELECT count(*) OVER () AS total, example FROM violations, limits ORDER BY example LIMIT 10
