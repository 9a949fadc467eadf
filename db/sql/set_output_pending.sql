-- Enter (or re-enter) pending. $1 outpoint, $2 pending_reference or NULL, $3 no_send.
UPDATE wallet_outputs
   SET state = 'pending', spendable = false,
       pending_since = now(), pending_reference = $2::text, no_send = $3::boolean,
       data = (data - 'pending_since' - 'pending_reference' - 'no_send')
              || jsonb_build_object('state', 'pending',
                   'pending_since', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
              || CASE WHEN $2::text IS NULL THEN '{}'::jsonb
                      ELSE jsonb_build_object('pending_reference', $2::text) END
              || CASE WHEN $3::boolean THEN '{"no_send": true}'::jsonb ELSE '{}'::jsonb END
 WHERE outpoint = $1
RETURNING data
