-- `jobs stats`: the queue's history in one read of every job (an operator's
-- question, not a metric): per proof state (NULL: not yet accepted), the
-- jobs, those still holding a payload, its bytes, and those whose payload
-- retention dropped.
SELECT proof_state, count(*) AS jobs,
       count(*) FILTER (WHERE beef_hex <> '') AS with_payload,
       coalesce(sum(octet_length(beef_hex)), 0) AS payload_bytes,
       count(*) FILTER (WHERE beef_hex = '') AS payload_dropped
  FROM wallet_broadcast_jobs
 GROUP BY proof_state ORDER BY proof_state
