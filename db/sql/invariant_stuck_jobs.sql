-- Invariant 5 (node-interface.md, "check"): a job sending for longer than
-- the stale threshold (no node rescues it), or in doubt for longer than the
-- doubt horizon (its inputs stay locked until ARC or an operator decides).
-- Every invariant query takes the same three thresholds, in seconds: $1 the
-- stale threshold, $2 the stale-pending timeout, $3 the doubt horizon; and
-- answers up to ten examples, each with the total count of violations.
WITH limits AS (
  SELECT $1::float8 AS stale_threshold, $2::float8 AS stale_pending, $3::float8 AS doubt_horizon
),
violations AS (
  SELECT j.txid || ' sending since ' || j.locked_at::text || ' (locked by '
         || coalesce(j.locked_by, '?') || ')' AS example
    FROM wallet_broadcast_jobs j, limits l
   WHERE j.status = 'sending'
     AND j.locked_at < now() - make_interval(secs => l.stale_threshold)
  UNION ALL
  SELECT j.txid || ' in doubt since ' || j.doubt_since::text || ' after '
         || j.doubt_checks || ' check(s)'
    FROM wallet_broadcast_jobs j, limits l
   WHERE j.status = 'in_doubt'
     AND j.doubt_since < now() - make_interval(secs => l.doubt_horizon)
)
SELECT count(*) OVER () AS total, example FROM violations ORDER BY example LIMIT 10
