-- $1 txid, $2 status.
UPDATE wallet_actions
   SET data = jsonb_set(data, '{status}', to_jsonb($2::text))
 WHERE txid = $1
RETURNING data
