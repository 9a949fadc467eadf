-- One job as an operator sees it (as list_jobs), with its proof tracking and
-- its action's status.
SELECT jsonb_build_object(
         'txid', j.txid, 'status', j.status, 'attempts', j.attempts,
         'last_error', j.last_error, 'locked_by', j.locked_by,
         'funded', j.input_outpoints IS NOT NULL OR j.change_outpoints IS NOT NULL
                   OR j.fund_ref IS NOT NULL,
         'input_outpoints', to_jsonb(j.input_outpoints),
         'change_outpoints', to_jsonb(j.change_outpoints), 'fund_ref', j.fund_ref,
         'payload_bytes', length(j.beef_hex) / 2,
         'created_at', j.created_at, 'updated_at', j.updated_at,
         'locked_at', j.locked_at, 'next_attempt_at', j.next_attempt_at,
         'proof_state', j.proof_state, 'arc_status', j.arc_status,
         'block_hash', j.block_hash, 'block_height', j.block_height,
         'proof_checks', j.proof_checks, 'next_check_at', j.next_check_at,
         'proven_at', j.proven_at,
         'doubt_since', j.doubt_since, 'doubt_checks', j.doubt_checks,
         'next_doubt_check_at', j.next_doubt_check_at,
         'competing_txids', to_jsonb(j.competing_txids),
         'action_status', (SELECT a.data->>'status' FROM wallet_actions a
                            WHERE a.txid = j.txid LIMIT 1))::text
  FROM wallet_broadcast_jobs j
 WHERE j.txid = $1::text
