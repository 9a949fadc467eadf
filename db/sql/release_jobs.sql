-- Give back the `sending` jobs held by worker $1, or (when $2 is true) by
-- every worker whose identity starts with "$1/": they become `unsent` and
-- due at once, keeping their attempts.
UPDATE wallet_broadcast_jobs
   SET status = 'unsent', locked_at = NULL, locked_by = NULL,
       next_attempt_at = NULL, updated_at = now()
 WHERE status = 'sending'
   AND (locked_by = $1::text
        OR ($2::boolean AND starts_with(locked_by, $1::text || '/')))
