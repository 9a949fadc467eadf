-- Settle claimed jobs in one statement (one transaction), by the class of
-- ARC's answer (broadcast-queue.md, "Job lifecycle" 4 and "Settle on
-- evidence"). Each job is settled only if it is still `sending` (a
-- broadcast) or `in_doubt` (a doubt check), locked by $1 and at the attempt
-- that was claimed, so a rescued job is never settled twice.
--   accepted:          inputs spent, change spendable, action unproven, job
--                      completed, its proof tracked from ARC's status (first
--                      checked after check_after seconds)
--   rejected:          inputs still pending under the job's fund_ref
--                      spendable again, change deleted, action and job failed
--   lost_double_spend: inputs spent (by the competitor), change deleted,
--                      action and job failed, the competing txids kept
--   transient:         a `sending` job unsent again, due after retry_after;
--                      an `in_doubt` one stays so, checked after retry_after
--   unknown:           job in_doubt, checked after retry_after
-- Only `rejected` makes an output spendable: no rollback without ARC's
-- verdict on the transaction. transient and unknown touch no output.
-- $2 ids, $3 attempts, $4 outcomes, $5 errors, $6 retry_after seconds,
-- $7 ARC statuses, $8 check_after seconds, $9 competing txids (comma-joined),
-- $10 the ARC endpoint that answered (kept in arc_endpoint unless transient:
-- doubt checks and proof checks ask it first).
-- Answers one row per settled job: id, txid, whether it had an action row,
-- its outcome.
WITH verdict AS (
  SELECT *
    FROM unnest($2::bigint[], $3::int[], $4::text[], $5::text[], $6::float8[], $7::text[],
                $8::float8[], $9::text[], $10::text[])
         AS v(id, attempts, outcome, error, retry_after, tx_status, check_after, competing,
              endpoint)
),
targets AS (
  SELECT v.*,
         CASE WHEN v.outcome = 'accepted' THEN 'completed'
              WHEN v.outcome IN ('rejected', 'lost_double_spend') THEN 'failed'
              WHEN v.outcome = 'transient' AND j.status = 'sending' THEN 'unsent'
              ELSE 'in_doubt' END AS new_status
    FROM wallet_broadcast_jobs j JOIN verdict v ON v.id = j.id
   WHERE j.status IN ('sending', 'in_doubt') AND j.locked_by = $1::text
     AND j.attempts = v.attempts
     FOR UPDATE OF j
),
settled AS (
  UPDATE wallet_broadcast_jobs j
     SET status = t.new_status,
         last_error = CASE WHEN t.outcome = 'accepted' THEN j.last_error ELSE t.error END,
         next_attempt_at = CASE WHEN t.new_status = 'unsent'
                                THEN now() + make_interval(secs => t.retry_after) END,
         doubt_since = CASE WHEN t.new_status = 'in_doubt' THEN coalesce(j.doubt_since, now())
                            ELSE j.doubt_since END,
         next_doubt_check_at = CASE WHEN t.new_status = 'in_doubt'
                                    THEN now() + make_interval(secs => t.retry_after) END,
         competing_txids = coalesce(string_to_array(nullif(t.competing, ''), ','),
                                    j.competing_txids),
         arc_status = coalesce(nullif(t.tx_status, ''), j.arc_status),
         arc_endpoint = CASE WHEN t.outcome <> 'transient'
                             THEN coalesce(nullif(t.endpoint, ''), j.arc_endpoint)
                             ELSE j.arc_endpoint END,
         proof_state = CASE WHEN t.outcome = 'accepted' THEN 'tracking' ELSE j.proof_state END,
         accepted_at = CASE WHEN t.outcome = 'accepted' THEN now() ELSE j.accepted_at END,
         next_check_at = CASE WHEN t.outcome = 'accepted'
                              THEN now() + make_interval(secs => t.check_after)
                              ELSE j.next_check_at END,
         locked_at = NULL, locked_by = NULL, updated_at = now()
    FROM targets t
   WHERE j.id = t.id
  RETURNING j.id, j.txid, t.outcome, j.input_outpoints, j.change_outpoints, j.fund_ref
),
-- Inputs of an accepted job, or of one that lost a double spend, become
-- spent; those of a rejected one still pending under its fund_ref, and the
-- change of an accepted one, spendable.
settled_outputs AS (
  UPDATE wallet_outputs o
     SET state = t.new_state, spendable = (t.new_state = 'spendable'),
         pending_since = NULL, pending_reference = NULL, no_send = false,
         data = (o.data - 'pending_since' - 'pending_reference' - 'no_send')
                || jsonb_build_object('state', t.new_state)
    FROM (SELECT i.outpoint,
                 CASE s.outcome WHEN 'rejected' THEN 'spendable' ELSE 'spent' END AS new_state,
                 CASE s.outcome WHEN 'rejected' THEN s.fund_ref END AS held_by
            FROM settled s, unnest(s.input_outpoints) AS i(outpoint)
           WHERE s.outcome IN ('accepted', 'rejected', 'lost_double_spend')
          UNION ALL
          SELECT c.outpoint, 'spendable', NULL
            FROM settled s, unnest(s.change_outpoints) AS c(outpoint)
           WHERE s.outcome = 'accepted') AS t
   WHERE o.outpoint = t.outpoint
     AND (t.held_by IS NULL OR (o.state = 'pending' AND o.pending_reference = t.held_by))
  RETURNING o.id
),
deleted_change AS (
  DELETE FROM wallet_outputs o
   USING settled s, unnest(s.change_outpoints) AS c(outpoint)
   WHERE s.outcome IN ('rejected', 'lost_double_spend') AND o.outpoint = c.outpoint
  RETURNING o.id
),
actions AS (
  UPDATE wallet_actions a
     SET data = jsonb_set(a.data, '{status}',
                          to_jsonb(CASE s.outcome WHEN 'accepted' THEN 'unproven'
                                                  ELSE 'failed' END))
    FROM settled s
   WHERE s.outcome IN ('accepted', 'rejected', 'lost_double_spend') AND a.txid = s.txid
  RETURNING a.txid
)
-- (Every data-modifying CTE runs to completion whether or not it is read.)
SELECT s.id, s.txid,
       (s.outcome IN ('transient', 'unknown')
        OR EXISTS (SELECT 1 FROM actions a WHERE a.txid = s.txid)) AS action_found,
       s.outcome
  FROM settled s
