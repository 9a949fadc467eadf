-- Settle on evidence (broadcast-queue.md, "Jobs in doubt"): a job whose
-- outcome is not known is `in_doubt`, its outputs stay pending, and the node
-- asks ARC until it knows. Per job: since when it is in doubt, how often it
-- was checked and when next, whether outliving the doubt horizon was
-- reported, and the transactions ARC named as spending the same inputs.
-- The live-jobs index behind release_stale_pending covers in_doubt jobs,
-- and a partial index finds the due doubt checks.

ALTER TABLE wallet_broadcast_jobs
  ADD COLUMN doubt_since timestamptz,
  ADD COLUMN doubt_checks integer NOT NULL DEFAULT 0,
  ADD COLUMN next_doubt_check_at timestamptz,
  ADD COLUMN doubt_reported_at timestamptz,
  ADD COLUMN competing_txids text[];
CREATE INDEX wallet_broadcast_jobs_doubt_due_index ON wallet_broadcast_jobs (next_doubt_check_at)
  WHERE status = 'in_doubt';
DROP INDEX wallet_broadcast_jobs_live_fund_ref_index;
CREATE INDEX wallet_broadcast_jobs_live_fund_ref_index ON wallet_broadcast_jobs (fund_ref)
  WHERE status IN ('unsent', 'sending', 'in_doubt');
