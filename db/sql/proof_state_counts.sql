-- `jobs stats`: broadcast jobs by proof state (tracking, proven, failed,
-- attention); jobs not yet accepted have none and are left out.
SELECT proof_state, count(*) FROM wallet_broadcast_jobs
 WHERE proof_state IS NOT NULL
 GROUP BY proof_state ORDER BY proof_state
