-- Retention (--retain-payload DAYS): up to $2 completed jobs whose proof was
-- confirmed more than $1 days ago lose their payload (beef_hex becomes '');
-- the row stays, so a duplicate enqueue still finds the job. One node at a
-- time: the transaction-scoped advisory lock is taken first, and a node that
-- does not get it drops nothing this round. Answers one row per job.
WITH gate AS (
  SELECT pg_try_advisory_xact_lock(hashtext('bsv_wallet_payload_retention')) AS mine
),
doomed AS (
  SELECT j.id
    FROM wallet_broadcast_jobs j, gate
   WHERE gate.mine
     AND j.status = 'completed'
     AND j.proof_state = 'proven'
     AND j.proven_at < now() - make_interval(days => $1::int)
     AND j.beef_hex <> ''
   ORDER BY j.proven_at
   LIMIT $2::int
   FOR UPDATE OF j SKIP LOCKED
)
UPDATE wallet_broadcast_jobs j
   SET beef_hex = ''
  FROM doomed
 WHERE j.id = doomed.id
RETURNING j.id
