-- Proof tracking (broadcast-queue.md, "Proof tracking"): a job that was
-- broadcast is followed until ARC reports its transaction MINED with a
-- merkle path. Per job: where tracking stands (proof_state: tracking,
-- proven, failed, attention), ARC's highest status so far, the block of the
-- stored proof, the schedule of status checks and when it was proven.
-- A partial index keeps finding the due checks cheap.

ALTER TABLE wallet_broadcast_jobs
  ADD COLUMN proof_state varchar(32),
  ADD COLUMN arc_status varchar(64),
  ADD COLUMN block_hash varchar(64),
  ADD COLUMN block_height bigint,
  ADD COLUMN proof_checks integer NOT NULL DEFAULT 0,
  ADD COLUMN next_check_at timestamptz,
  ADD COLUMN last_checked_at timestamptz,
  ADD COLUMN accepted_at timestamptz,
  ADD COLUMN proven_at timestamptz;
CREATE INDEX wallet_broadcast_jobs_proof_due_index ON wallet_broadcast_jobs (next_check_at)
  WHERE next_check_at IS NOT NULL;
