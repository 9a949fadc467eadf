-- The sweep's claim: up to $2 jobs stuck in `sending` for longer than $3
-- seconds whose attempts are used up ($4). They are locked by $1 (the
-- sweeper) without counting an attempt, then settled as failures.
WITH stuck AS (
  SELECT id
    FROM wallet_broadcast_jobs
   WHERE status = 'sending'
     AND locked_at < now() - make_interval(secs => $3::float8)
     AND attempts >= $4::int
   ORDER BY id
   LIMIT $2::int
   FOR UPDATE SKIP LOCKED
)
UPDATE wallet_broadcast_jobs j
   SET locked_at = now(), locked_by = $1::text, updated_at = now()
  FROM stuck
 WHERE j.id = stuck.id
RETURNING j.id, j.txid, j.beef_hex, j.attempts
