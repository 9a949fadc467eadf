-- Invariant 1 (node-interface.md, "check"): an output pending under a
-- reference that no live job (unsent, sending, in doubt) holds, and that no
-- live job lists, whose pending_since is older than the stale-pending
-- timeout (release_stale_pending will free it) or missing (nothing ever
-- will). Outputs held with no_send are the wallet's own business: skipped.
-- Every invariant query takes the same three thresholds, in seconds: $1 the
-- stale threshold, $2 the stale-pending timeout, $3 the doubt horizon; and
-- answers up to ten examples, each with the total count of violations.
WITH limits AS (
  SELECT $1::float8 AS stale_threshold, $2::float8 AS stale_pending, $3::float8 AS doubt_horizon
),
live AS (
  SELECT fund_ref, input_outpoints || change_outpoints AS outpoints
    FROM wallet_broadcast_jobs WHERE status IN ('unsent', 'sending', 'in_doubt')
),
violations AS (
  SELECT o.outpoint || ' pending under ' || coalesce(o.pending_reference, '(no reference)')
         || CASE WHEN o.pending_since IS NULL THEN ' without pending_since: never released'
                 ELSE ' since ' || o.pending_since::text || ': will be released as stale' END
         AS example
    FROM wallet_outputs o, limits l
   WHERE o.state = 'pending' AND NOT o.no_send
     AND (o.pending_since IS NULL
          OR o.pending_since < now() - make_interval(secs => l.stale_pending))
     AND NOT EXISTS (SELECT 1 FROM live WHERE live.fund_ref = o.pending_reference)
     AND NOT EXISTS (SELECT 1 FROM live WHERE o.outpoint = ANY (live.outpoints))
)
SELECT count(*) OVER () AS total, example FROM violations ORDER BY example LIMIT 10
