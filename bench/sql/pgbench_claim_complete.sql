-- pgbench baseline for `bench queue_drain`: the unbatched cycle, one job per
-- claim. Claim the oldest unsent job (committed), then complete it with the
-- settlement's effects for a success (db/sql/settle_jobs.sql): inputs spent,
-- change spendable, action unproven.
UPDATE wallet_broadcast_jobs j
   SET status = 'sending', locked_at = now(), locked_by = 'pgbench',
       attempts = j.attempts + 1, updated_at = now()
 WHERE j.id = (SELECT id FROM wallet_broadcast_jobs WHERE status = 'unsent'
                ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
RETURNING j.id AS job_id \gset
WITH done AS (
  UPDATE wallet_broadcast_jobs
     SET status = 'completed', locked_at = NULL, locked_by = NULL, updated_at = now()
   WHERE id = :job_id AND status = 'sending' AND locked_by = 'pgbench'
  RETURNING txid, input_outpoints, change_outpoints
),
spent AS (
  UPDATE wallet_outputs o
     SET state = 'spent', spendable = false, pending_since = NULL, pending_reference = NULL,
         data = (o.data - 'pending_since' - 'pending_reference' - 'no_send') || '{"state": "spent"}'
    FROM done, unnest(done.input_outpoints) AS i(outpoint)
   WHERE o.outpoint = i.outpoint
  RETURNING 1
),
change AS (
  UPDATE wallet_outputs o
     SET state = 'spendable', spendable = true, pending_since = NULL, pending_reference = NULL,
         data = (o.data - 'pending_since' - 'pending_reference' - 'no_send')
                || '{"state": "spendable"}'
    FROM done, unnest(done.change_outpoints) AS c(outpoint)
   WHERE o.outpoint = c.outpoint
  RETURNING 1
)
UPDATE wallet_actions a
   SET data = jsonb_set(a.data, '{status}', '"unproven"')
  FROM done
 WHERE a.txid = done.txid;
