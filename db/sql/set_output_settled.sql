-- Move to spendable or spent, clearing the pending metadata. $1 outpoint, $2 state.
UPDATE wallet_outputs
   SET state = $2::text, spendable = ($2::text = 'spendable'),
       pending_since = NULL, pending_reference = NULL, no_send = false,
       data = (data - 'pending_since' - 'pending_reference' - 'no_send')
              || jsonb_build_object('state', $2::text)
 WHERE outpoint = $1
RETURNING data
