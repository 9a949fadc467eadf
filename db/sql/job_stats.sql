-- The queue at a glance: jobs per status and the age in seconds of the
-- oldest `unsent` job (null when there is none). Counts go through the
-- status index; the age through the partial index over live jobs.
SELECT s.status, coalesce(c.jobs, 0) AS jobs,
       (SELECT extract(epoch FROM now() - min(created_at))::float8
          FROM wallet_broadcast_jobs WHERE status = 'unsent') AS oldest_unsent_seconds
  FROM unnest(ARRAY['unsent', 'sending', 'completed', 'failed', 'in_doubt']) AS s(status)
  LEFT JOIN (SELECT status, count(*) AS jobs FROM wallet_broadcast_jobs GROUP BY status) c
         ON c.status = s.status
