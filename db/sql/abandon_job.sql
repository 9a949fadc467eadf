-- Operator abandon (broadcast-queue.md, "Jobs in doubt"): the one rollback
-- without ARC's verdict, in one statement. The job of txid $1, if it is
-- `unsent` or `in_doubt` (a `sending` job is held by a worker; completed and
-- failed jobs are final), becomes `failed` as if rejected: inputs still
-- pending under its fund_ref spendable again, change outputs deleted,
-- action failed, last_error saying who abandoned it and why ($2, $3).
-- Answers the job's status before and what was done; no row without a job.
WITH target AS (
  SELECT id, txid, status FROM wallet_broadcast_jobs WHERE txid = $1::text FOR UPDATE
),
abandoned AS (
  UPDATE wallet_broadcast_jobs j
     SET status = 'failed', locked_at = NULL, locked_by = NULL, next_attempt_at = NULL,
         next_doubt_check_at = NULL, updated_at = now(),
         last_error = 'abandoned by ' || $2::text || ' at ' || now()::text || ': ' || $3::text
                      || coalesce('; it was ' || t.status || ': ' || j.last_error, '')
    FROM target t
   WHERE j.id = t.id AND t.status IN ('unsent', 'in_doubt')
  RETURNING j.txid, j.input_outpoints, j.change_outpoints, j.fund_ref
),
released AS (
  UPDATE wallet_outputs o
     SET state = 'spendable', spendable = true,
         pending_since = NULL, pending_reference = NULL, no_send = false,
         data = (o.data - 'pending_since' - 'pending_reference' - 'no_send')
                || '{"state": "spendable"}'::jsonb
    FROM abandoned a, unnest(a.input_outpoints) AS i(outpoint)
   WHERE o.outpoint = i.outpoint AND o.state = 'pending' AND o.pending_reference = a.fund_ref
  RETURNING o.id
),
deleted_change AS (
  DELETE FROM wallet_outputs o
   USING abandoned a, unnest(a.change_outpoints) AS c(outpoint)
   WHERE o.outpoint = c.outpoint
  RETURNING o.id
),
action AS (
  UPDATE wallet_actions w
     SET data = jsonb_set(w.data, '{status}', '"failed"')
    FROM abandoned a
   WHERE w.txid = a.txid
  RETURNING w.txid
)
SELECT t.status, (SELECT count(*) FROM abandoned) AS abandoned,
       (SELECT count(*) FROM released) AS inputs_released,
       (SELECT count(*) FROM deleted_change) AS change_deleted,
       (SELECT count(*) FROM action) AS actions_failed
  FROM target t
