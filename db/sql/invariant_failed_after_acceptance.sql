-- Invariant 7 (node-interface.md, "check"): an action failed after its
-- transaction was accepted (ARC reported REJECTED or a double spend after
-- its job completed). Its inputs stay spent and its change stays: whether
-- they exist on chain is for an operator to find out.
-- Every invariant query takes the same three thresholds, in seconds: $1 the
-- stale threshold, $2 the stale-pending timeout, $3 the doubt horizon; and
-- answers up to ten examples, each with the total count of violations.
WITH limits AS (
  SELECT $1::float8 AS stale_threshold, $2::float8 AS stale_pending, $3::float8 AS doubt_horizon
),
violations AS (
  SELECT j.txid || ': accepted, then ' || coalesce(j.arc_status, 'refused') AS example
    FROM wallet_broadcast_jobs j
   WHERE j.status = 'completed'
     AND (j.proof_state = 'failed'
          OR EXISTS (SELECT 1 FROM wallet_actions a
                      WHERE a.txid = j.txid AND a.data->>'status' = 'failed'))
)
SELECT count(*) OVER () AS total, example FROM violations, limits ORDER BY example LIMIT 10
