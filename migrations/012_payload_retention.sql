-- Retention (broadcast-queue.md; serve --retain-payload DAYS): the node
-- finds completed, proven jobs that still hold a payload through this
-- partial index; a job leaves it when its payload is dropped, so with
-- retention on it stays the size of the recent history.

CREATE INDEX wallet_broadcast_jobs_payload_retention_index
  ON wallet_broadcast_jobs (proven_at)
  WHERE status = 'completed' AND proof_state = 'proven' AND beef_hex <> '';
