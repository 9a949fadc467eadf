-- $1 outpoint, $2 basket.
UPDATE wallet_outputs
   SET basket = $2::text,
       data = jsonb_set(data, '{basket}', to_jsonb($2::text))
 WHERE outpoint = $1
RETURNING data
