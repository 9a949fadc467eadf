-- The pgbench baseline's jobs for bench/compare.sh (psql -v count=N): made-up
-- txids (pgbench does not decode payloads) seeded like `bench queue_drain`'s,
-- and the partial index on unsent jobs that the baseline's claim uses.
SET client_min_messages = warning;
CREATE INDEX IF NOT EXISTS wallet_broadcast_jobs_unsent_index
  ON wallet_broadcast_jobs (id) WHERE status = 'unsent';
CREATE TEMPORARY TABLE bench_seed AS
  SELECT md5(n::text) || md5((n + 1)::text) AS txid, 'not decoded'::text AS hex
    FROM generate_series(1, :count) AS n;
\ir seed_queue_jobs.sql
