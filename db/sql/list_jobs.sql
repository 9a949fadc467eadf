-- Jobs as an operator sees them (everything but the payload), newest first;
-- $1 a status or null for all, $2 at most this many, $3 a proof state or
-- null for all.
SELECT jsonb_build_object(
         'txid', txid, 'status', status, 'attempts', attempts,
         'last_error', last_error, 'locked_by', locked_by,
         'funded', input_outpoints IS NOT NULL OR change_outpoints IS NOT NULL
                   OR fund_ref IS NOT NULL,
         'input_outpoints', to_jsonb(input_outpoints),
         'change_outpoints', to_jsonb(change_outpoints), 'fund_ref', fund_ref,
         'payload_bytes', length(beef_hex) / 2,
         'created_at', created_at, 'updated_at', updated_at,
         'locked_at', locked_at, 'next_attempt_at', next_attempt_at,
         'proof_state', proof_state,
         'doubt_since', doubt_since, 'doubt_checks', doubt_checks,
         'next_doubt_check_at', next_doubt_check_at,
         'competing_txids', to_jsonb(competing_txids))::text
  FROM wallet_broadcast_jobs
 WHERE ($1::text IS NULL OR status = $1::text)
   AND ($3::text IS NULL OR proof_state = $3::text)
 ORDER BY id DESC
 LIMIT $2::bigint
