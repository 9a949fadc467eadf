-- allocate_utxos: coin selection and locking in one statement.
--
-- The candidates are the builder's SELECT of (id, sats) in the strategy's order
-- (db/query_builders.cpp), here with FOR UPDATE SKIP LOCKED. PostgreSQL locks
-- a candidate only when the walk below reads it, and the walk stops as soon
-- as the running sum reaches the target or it holds max_outputs: a caller
-- locks exactly the outputs it takes (plus, when the target is out of reach,
-- the max_outputs it looked at), and concurrent callers skip each other's
-- rows rather than wait for them. The candidates' LIMIT is the constant
-- ceiling of max_outputs, so that PostgreSQL settles on one generic plan
-- (planning would cost as much as running).
-- The builder fills in the braced names (candidates, target, max_outputs,
-- reference, no_send) with that SELECT and the parameters' placeholders.
WITH RECURSIVE
candidates AS MATERIALIZED (
  {candidates} FOR UPDATE SKIP LOCKED
),
prefix (n, id, total) AS (
  SELECT 0::bigint, NULL::integer, 0::numeric
  UNION ALL
  SELECT prefix.n + 1, next.id, prefix.total + next.sats
    FROM prefix, LATERAL (SELECT id, sats FROM candidates OFFSET prefix.n LIMIT 1) next
   WHERE prefix.total < {target}::bigint AND prefix.n < {max_outputs}::bigint
),
reached AS (SELECT max(total) AS total FROM prefix),
taken AS (
  UPDATE wallet_outputs o
     SET state = 'pending', spendable = false,
         pending_since = now(), pending_reference = {reference}::text, no_send = {no_send}::boolean,
         data = (data - 'pending_since' - 'pending_reference' - 'no_send')
                || jsonb_build_object('state', 'pending',
                     'pending_since', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                     'pending_reference', {reference}::text)
                || CASE WHEN {no_send}::boolean THEN '{"no_send": true}'::jsonb ELSE '{}'::jsonb END
    FROM prefix, reached
   WHERE o.id = prefix.id AND reached.total >= {target}::bigint
  RETURNING o.id, o.data
)
-- One row with the reachable total when nothing was taken; else one per
-- output taken, in selection order.
SELECT reached.total, taken.data::text
  FROM reached LEFT JOIN (taken JOIN prefix USING (id)) ON true
 ORDER BY prefix.n
