-- Several ARC endpoints and proofs checked against block headers
-- (broadcast-queue.md, "Several ARC endpoints, in order" and "Block
-- headers").
--
-- arc_endpoint: the ARC endpoint that accepted the job (or gave the answer
-- that put it in doubt), as "<position> <url without credentials>"; doubt
-- checks and proof checks ask it first.
--
-- wallet_block_headers: merkle roots a header source confirmed, one row per
-- height, so that one lookup serves every transaction of a block. A row is
-- replaced when the source later gives another root or hash for its height
-- (a reorg); the proofs stored at that height are then checked again.

ALTER TABLE wallet_broadcast_jobs ADD COLUMN arc_endpoint text;

CREATE TABLE wallet_block_headers (
  height bigint PRIMARY KEY CHECK (height >= 0),
  merkle_root text NOT NULL,  -- display hex, lowercase
  block_hash text,            -- display hex, lowercase; null when the source gave none
  confirmed_at timestamptz NOT NULL DEFAULT now()
);

-- The proofs stored at a height, found when that height's header changes.
CREATE INDEX wallet_broadcast_jobs_proven_height_index
  ON wallet_broadcast_jobs (block_height)
  WHERE proof_state = 'proven';
