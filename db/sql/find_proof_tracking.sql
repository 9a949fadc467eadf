-- Where the proof tracking of txid $1 stands (no row: no such job).
SELECT proof_state, arc_status, block_hash,
       coalesce(extract(epoch FROM now() - accepted_at), 0)::float8 AS seconds_since_accepted
  FROM wallet_broadcast_jobs
 WHERE txid = $1::text
