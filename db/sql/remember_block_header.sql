-- Remembers the header a header source confirmed for height $1 (root $2,
-- block hash $3, may be null), in one statement. When it replaces another
-- root or hash (a reorg) the proofs stored at that height for another block
-- go back to tracking: proof_state tracking, checked at once, action
-- unproven (broadcast-queue.md, "Block headers"). The row's lock orders two
-- nodes remembering the same height. Answers how many went back.
WITH before AS (
  SELECT merkle_root, block_hash FROM wallet_block_headers WHERE height = $1::bigint FOR UPDATE
),
remembered AS (
  INSERT INTO wallet_block_headers (height, merkle_root, block_hash)
  VALUES ($1::bigint, $2::text, $3::text)
  ON CONFLICT (height) DO UPDATE
     SET merkle_root = EXCLUDED.merkle_root, block_hash = EXCLUDED.block_hash,
         confirmed_at = now()
  RETURNING height
),
reorganised AS (
  SELECT 1 FROM before
   WHERE before.merkle_root <> $2::text OR before.block_hash IS DISTINCT FROM $3::text
),
rechecked AS (
  UPDATE wallet_broadcast_jobs j
     SET proof_state = 'tracking', proven_at = NULL, next_check_at = now(), updated_at = now()
   WHERE j.proof_state = 'proven' AND j.block_height = $1::bigint
     AND j.block_hash IS DISTINCT FROM $3::text
     AND EXISTS (SELECT 1 FROM reorganised)
  RETURNING j.txid
),
actions AS (
  UPDATE wallet_actions a
     SET data = jsonb_set(a.data, '{status}', '"unproven"')
    FROM rechecked r
   WHERE a.txid = r.txid
  RETURNING a.txid
)
-- (Every data-modifying CTE runs to completion whether or not it is read.)
SELECT count(*) FROM rechecked
