-- The sweep (broadcast-queue.md, "Rescue"): up to $2 jobs stuck in `sending`
-- for longer than $3 seconds whose attempts are used up ($4) go `in_doubt`,
-- first checked after $5 seconds. Their last broadcast may have reached
-- ARC, so nothing is rolled back: the outputs stay pending. One statement.
-- $1 the sweeper (kept in last_error). Answers the txids moved.
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
   SET status = 'in_doubt', locked_at = NULL, locked_by = NULL,
       doubt_since = now(), next_doubt_check_at = now() + make_interval(secs => $5::float8),
       last_error = 'attempts used up (' || j.attempts || ') and ' || $1::text
                    || ' found its worker silent: did ARC get it? asking ARC',
       updated_at = now()
  FROM stuck
 WHERE j.id = stuck.id
RETURNING j.txid
