-- The doubt resolver's claim (broadcast-queue.md, "Jobs in doubt"): up to
-- $2 `in_doubt` jobs whose check is due, soonest first, FOR UPDATE SKIP
-- LOCKED so that several nodes never check one txid at once. A claimed job
-- is locked by $1 (its settlement is guarded on that) and its next check
-- moves $3 seconds ahead: the lease, after which another checker may take
-- it. Its check is counted; one in doubt for longer than $4 seconds is
-- marked reported the first time (the caller logs it once). The job stays
-- `in_doubt`: broadcast_status keeps saying so. Each row names the ARC
-- endpoint that gave the ambiguous answer (asked first).
WITH due AS (
  SELECT id
    FROM wallet_broadcast_jobs
   WHERE status = 'in_doubt' AND next_doubt_check_at <= now()
   ORDER BY next_doubt_check_at
   LIMIT $2::int
     FOR UPDATE SKIP LOCKED
)
UPDATE wallet_broadcast_jobs j
   SET locked_by = $1::text, locked_at = now(),
       next_doubt_check_at = now() + make_interval(secs => $3::float8),
       doubt_checks = j.doubt_checks + 1,
       doubt_reported_at = CASE WHEN j.doubt_reported_at IS NULL
                                 AND j.doubt_since < now() - make_interval(secs => $4::float8)
                                THEN now() ELSE j.doubt_reported_at END,
       updated_at = now()
  FROM due
 WHERE j.id = due.id
RETURNING j.id, j.txid, j.beef_hex, j.attempts, j.doubt_checks,
          coalesce(j.doubt_reported_at = now(), false) AS past_horizon, j.arc_endpoint
