-- Applies one status report's transition (store/proof_tracking.hpp) in one
-- statement, guarded on the tracking state it was decided from ($2..$4):
-- if another report moved the txid meanwhile, nothing changes and the
-- caller decides again.
--   record_status: arc_status only
--   prove:   proof stored (replacing one from another block), action
--            completed, block recorded, proven_at
--   unprove: the proof's block went stale: action unproven, tracked again
--   fail:    action failed, last_error says why; outputs untouched
-- $5 transition, $6 new arc_status, $7 block hash, $8 block height, $9 BUMP
-- hex, $10 error, $11 seconds to the next check (null: none).
-- A proof is not stored for a block other than the one remembered for its
-- height (wallet_block_headers): its header check may have read the header
-- before a reorg replaced it. The row is read FOR SHARE, so a replacement
-- being written is waited for and seen. Answers whether the report was
-- applied and whether it was refused for that reason.
WITH header AS (
  SELECT block_hash FROM wallet_block_headers
   WHERE $5::text = 'prove' AND height = $8::bigint AND block_hash IS NOT NULL
     FOR SHARE
),
stale AS (
  SELECT 1 FROM header WHERE block_hash <> $7::text
),
job AS (
  UPDATE wallet_broadcast_jobs j
     SET arc_status = $6::text,
         proof_state = CASE $5::text WHEN 'prove' THEN 'proven' WHEN 'unprove' THEN 'tracking'
                                     WHEN 'fail' THEN 'failed' ELSE j.proof_state END,
         block_hash = CASE WHEN $5::text = 'prove' THEN $7::text ELSE j.block_hash END,
         block_height = CASE WHEN $5::text = 'prove' THEN $8::bigint ELSE j.block_height END,
         proven_at = CASE $5::text WHEN 'prove' THEN now() WHEN 'unprove' THEN NULL
                                   ELSE j.proven_at END,
         last_error = CASE WHEN $5::text = 'fail' THEN $10::text ELSE j.last_error END,
         next_check_at = CASE WHEN $11::float8 IS NULL THEN NULL
                              ELSE now() + make_interval(secs => $11::float8) END,
         updated_at = now()
   WHERE j.txid = $1::text
     AND j.proof_state IS NOT DISTINCT FROM $2::text
     AND j.arc_status IS NOT DISTINCT FROM $3::text
     AND j.block_hash IS NOT DISTINCT FROM $4::text
     AND NOT EXISTS (SELECT 1 FROM stale)
  RETURNING j.txid
),
proof AS (
  INSERT INTO wallet_proofs (txid, bump_hex)
  SELECT txid, $9::text FROM job WHERE $5::text = 'prove'
  ON CONFLICT (txid) DO UPDATE SET bump_hex = EXCLUDED.bump_hex
  RETURNING txid
),
action AS (
  UPDATE wallet_actions a
     SET data = jsonb_set(a.data, '{status}',
                          to_jsonb(CASE $5::text WHEN 'prove' THEN 'completed'
                                                 WHEN 'unprove' THEN 'unproven' ELSE 'failed' END))
    FROM job
   WHERE a.txid = job.txid AND $5::text IN ('prove', 'unprove', 'fail')
  RETURNING a.txid
)
SELECT (SELECT count(*) FROM job) AS applied, EXISTS (SELECT 1 FROM stale) AS stale
