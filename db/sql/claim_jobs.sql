-- Claim: up to $2 jobs that are due (unsent and past their backoff) or
-- stale (sending, locked longer than $3 seconds, attempts below $4), oldest
-- first, skipping rows another worker holds. They become `sending`, locked
-- by worker $1, with this attempt counted. One autocommit statement, so the
-- claim is committed before anything is broadcast.
WITH due AS (
  SELECT id
    FROM wallet_broadcast_jobs
   WHERE status IN ('unsent', 'sending')
     AND ((status = 'unsent' AND (next_attempt_at IS NULL OR next_attempt_at <= now()))
          OR (status = 'sending' AND locked_at < now() - make_interval(secs => $3::float8)
              AND attempts < $4::int))
   ORDER BY id
   LIMIT $2::int
   FOR UPDATE SKIP LOCKED
)
UPDATE wallet_broadcast_jobs j
   SET status = 'sending', locked_at = now(), locked_by = $1::text,
       attempts = j.attempts + 1, updated_at = now()
  FROM due
 WHERE j.id = due.id
RETURNING j.id, j.txid, j.beef_hex, j.attempts
