-- Settle claimed jobs in one statement (one transaction). Each job is
-- settled only if it is still `sending`, locked by worker $1 and at the
-- attempt that was claimed, so a rescued job is never settled twice.
--   success:   inputs spent, change spendable, action unproven, job completed
--              and its proof tracked from ARC's status, first checked after
--              check_after seconds
--   permanent: inputs still pending under the job's fund_ref spendable again,
--              change deleted, action failed, job failed with last_error
--   transient: job unsent again, due after retry_after seconds; outputs stay
-- $2 ids, $3 attempts, $4 outcomes, $5 errors, $6 retry_after seconds,
-- $7 ARC statuses, $8 check_after seconds.
-- Answers one row per settled job: id, txid, whether it had an action row,
-- and its outcome.
WITH verdict AS (
  SELECT *
    FROM unnest($2::bigint[], $3::int[], $4::text[], $5::text[], $6::float8[], $7::text[],
                $8::float8[])
         AS v(id, attempts, outcome, error, retry_after, tx_status, check_after)
),
settled AS (
  UPDATE wallet_broadcast_jobs j
     SET status = CASE v.outcome WHEN 'success' THEN 'completed'
                                 WHEN 'permanent' THEN 'failed' ELSE 'unsent' END,
         last_error = CASE WHEN v.outcome = 'success' THEN j.last_error ELSE v.error END,
         next_attempt_at = CASE WHEN v.outcome = 'transient'
                                THEN now() + make_interval(secs => v.retry_after) END,
         proof_state = CASE WHEN v.outcome = 'success' THEN 'tracking' END,
         arc_status = CASE WHEN v.outcome = 'success' THEN nullif(v.tx_status, '') END,
         accepted_at = CASE WHEN v.outcome = 'success' THEN now() END,
         next_check_at = CASE WHEN v.outcome = 'success'
                              THEN now() + make_interval(secs => v.check_after) END,
         locked_at = NULL, locked_by = NULL, updated_at = now()
    FROM verdict v
   WHERE j.id = v.id AND j.status = 'sending' AND j.locked_by = $1::text
     AND j.attempts = v.attempts
  RETURNING j.id, j.txid, v.outcome, j.input_outpoints, j.change_outpoints, j.fund_ref
),
-- Inputs of a successful job become spent; the inputs of a failed one still
-- pending under its fund_ref, and the change of a successful one, spendable.
settled_outputs AS (
  UPDATE wallet_outputs o
     SET state = t.new_state, spendable = (t.new_state = 'spendable'),
         pending_since = NULL, pending_reference = NULL, no_send = false,
         data = (o.data - 'pending_since' - 'pending_reference' - 'no_send')
                || jsonb_build_object('state', t.new_state)
    FROM (SELECT i.outpoint,
                 CASE s.outcome WHEN 'success' THEN 'spent' ELSE 'spendable' END AS new_state,
                 CASE s.outcome WHEN 'permanent' THEN s.fund_ref END AS held_by
            FROM settled s, unnest(s.input_outpoints) AS i(outpoint)
           WHERE s.outcome <> 'transient'
          UNION ALL
          SELECT c.outpoint, 'spendable', NULL
            FROM settled s, unnest(s.change_outpoints) AS c(outpoint)
           WHERE s.outcome = 'success') AS t
   WHERE o.outpoint = t.outpoint
     AND (t.held_by IS NULL OR (o.state = 'pending' AND o.pending_reference = t.held_by))
  RETURNING o.id
),
deleted_change AS (
  DELETE FROM wallet_outputs o
   USING settled s, unnest(s.change_outpoints) AS c(outpoint)
   WHERE s.outcome = 'permanent' AND o.outpoint = c.outpoint
  RETURNING o.id
),
actions AS (
  UPDATE wallet_actions a
     SET data = jsonb_set(a.data, '{status}',
                          to_jsonb(CASE s.outcome WHEN 'success' THEN 'unproven' ELSE 'failed' END))
    FROM settled s
   WHERE s.outcome <> 'transient' AND a.txid = s.txid
  RETURNING a.txid
)
-- (Every data-modifying CTE runs to completion whether or not it is read.)
SELECT s.id, s.txid,
       (s.outcome = 'transient' OR EXISTS (SELECT 1 FROM actions a WHERE a.txid = s.txid))
         AS action_found,
       s.outcome
  FROM settled s
