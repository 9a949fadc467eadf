-- What the broadcast queue's claim, retry and rescue need (broadcast-queue.md):
-- when a job may be tried again, which worker holds it, and partial indexes
-- over the live jobs only, so that claiming and release_stale_pending stay
-- cheap however many completed jobs pile up.

ALTER TABLE wallet_broadcast_jobs
  ADD COLUMN next_attempt_at timestamptz,
  ADD COLUMN locked_by text;
CREATE INDEX wallet_broadcast_jobs_live_index ON wallet_broadcast_jobs (id)
  WHERE status IN ('unsent', 'sending');
CREATE INDEX wallet_broadcast_jobs_live_fund_ref_index ON wallet_broadcast_jobs (fund_ref)
  WHERE status IN ('unsent', 'sending');
