-- $1 txid, $2 labels (text[] or NULL), $3 record. No row back = the txid exists.
INSERT INTO wallet_actions (txid, labels, data)
VALUES ($1, $2::text[], $3::jsonb)
ON CONFLICT (txid) DO NOTHING
RETURNING id
