-- Every column is rewritten from the new record; id and created_at stay.
-- $1 outpoint, $2 basket, $3 tags, $4 spendable, $5 state, $6 satoshis,
-- $7 pending_since, $8 pending_reference, $9 no_send, $10 record.
INSERT INTO wallet_outputs
  (outpoint, basket, tags, spendable, state, satoshis, pending_since, pending_reference, no_send, data)
VALUES ($1, $2, $3::text[], $4::boolean, $5, $6::bigint, $7::timestamptz, $8, $9::boolean, $10::jsonb)
ON CONFLICT (outpoint) DO UPDATE SET
  basket = EXCLUDED.basket,
  tags = EXCLUDED.tags,
  spendable = EXCLUDED.spendable,
  state = EXCLUDED.state,
  satoshis = EXCLUDED.satoshis,
  pending_since = EXCLUDED.pending_since,
  pending_reference = EXCLUDED.pending_reference,
  no_send = EXCLUDED.no_send,
  data = EXCLUDED.data
