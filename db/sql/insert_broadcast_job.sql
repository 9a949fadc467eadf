-- Enqueue: insert the job and announce it in the same statement (so in the
-- same transaction): listeners hear of it only if it commits. No row back =
-- the txid was already queued.
-- $1 txid, $2 beef_hex, $3 input_outpoints, $4 change_outpoints, $5 fund_ref.
WITH inserted AS (
  INSERT INTO wallet_broadcast_jobs (txid, beef_hex, input_outpoints, change_outpoints, fund_ref)
  VALUES ($1, $2, $3::text[], $4::text[], $5)
  ON CONFLICT (txid) DO NOTHING
  RETURNING txid
)
SELECT pg_notify('wallet_broadcast_jobs', txid) FROM inserted
