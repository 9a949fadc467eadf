-- `jobs stats`: what the queue's payloads weigh. Reads every job (an
-- operator's question, not a metric): jobs still holding a payload, its
-- bytes, and completed jobs whose payload retention dropped.
SELECT count(*) FILTER (WHERE beef_hex <> '') AS with_payload,
       coalesce(sum(octet_length(beef_hex)), 0) AS payload_bytes,
       count(*) FILTER (WHERE beef_hex = '') AS payload_dropped
  FROM wallet_broadcast_jobs
