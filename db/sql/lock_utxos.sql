-- One statement: the row lock decides races; a row another caller locked
-- first is re-checked after its commit and skipped when no longer spendable.
-- $1 outpoints (text[]), $2 reference, $3 no_send.
UPDATE wallet_outputs
   SET state = 'pending', spendable = false,
       pending_since = now(), pending_reference = $2::text, no_send = $3::boolean,
       data = (data - 'pending_since' - 'pending_reference' - 'no_send')
              || jsonb_build_object('state', 'pending',
                   'pending_since', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                   'pending_reference', $2::text)
              || CASE WHEN $3::boolean THEN '{"no_send": true}'::jsonb ELSE '{}'::jsonb END
 WHERE outpoint = ANY ($1::text[])
   AND (state = 'spendable' OR (state IS NULL AND spendable))
RETURNING outpoint
