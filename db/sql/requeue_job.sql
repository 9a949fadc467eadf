-- Operator re-queue (broadcast-queue.md): a `failed` job that carries no
-- outpoints (finalize path) goes back to `unsent`, due at once, attempts 0,
-- last_error saying who re-queued it; its action, if `failed`, is `sending`
-- again; the workers are woken. An auto-funded job is never re-queued (its
-- change was deleted and its inputs released when it failed).
-- $1 txid, $2 who. Answers the job's status before, whether it is funded,
-- and whether it was re-queued; no row when there is no such job.
WITH target AS (
  SELECT id, txid, status, input_outpoints IS NOT NULL OR change_outpoints IS NOT NULL
                           OR fund_ref IS NOT NULL AS funded
    FROM wallet_broadcast_jobs
   WHERE txid = $1::text
     FOR UPDATE
),
requeued AS (
  UPDATE wallet_broadcast_jobs j
     SET status = 'unsent', attempts = 0, next_attempt_at = NULL,
         locked_at = NULL, locked_by = NULL, updated_at = now(),
         last_error = 're-queued by ' || $2::text || ' at ' || now()::text
                      || coalesce('; it had failed with: ' || j.last_error, '')
    FROM target t
   WHERE j.id = t.id AND t.status = 'failed' AND NOT t.funded
  RETURNING j.txid
),
action AS (
  UPDATE wallet_actions a
     SET data = jsonb_set(a.data, '{status}', '"sending"')
    FROM requeued r
   WHERE a.txid = r.txid AND a.data->>'status' = 'failed'
  RETURNING a.txid
)
SELECT t.status, t.funded, r.txid IS NOT NULL AS requeued,
       (SELECT count(*) FROM action) AS actions_reset,
       (SELECT count(pg_notify('wallet_broadcast_jobs', r2.txid)) FROM requeued r2) AS notified
  FROM target t LEFT JOIN requeued r ON r.txid = t.txid
