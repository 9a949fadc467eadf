-- The tracker's claim: up to $2 broadcast txids whose status check is due,
-- soonest first, FOR UPDATE SKIP LOCKED so that several nodes never check
-- one txid at once. A claimed row's next check moves $3 seconds ahead (the
-- lease: if the checker dies, the txid is due again then) and its check is
-- counted. A txid still unproven after $4 checks is marked `attention`
-- instead, and a proven one's confirmation is cleared: neither is checked.
-- Each row names the ARC endpoint that accepted the txid (asked first).
-- $1 who checks (unused in the row, kept for the statement's log).
WITH due AS (
  SELECT id FROM wallet_broadcast_jobs
   WHERE next_check_at <= now()
   ORDER BY next_check_at
   LIMIT $2::int
     FOR UPDATE SKIP LOCKED
)
UPDATE wallet_broadcast_jobs j
   SET proof_state = CASE WHEN j.proof_state = 'tracking' AND j.proof_checks >= $4::int
                          THEN 'attention' ELSE j.proof_state END,
       next_check_at = CASE WHEN j.proof_checks >= $4::int THEN NULL
                            ELSE now() + make_interval(secs => $3::float8) END,
       proof_checks = j.proof_checks + CASE WHEN j.proof_checks >= $4::int THEN 0 ELSE 1 END,
       last_checked_at = CASE WHEN j.proof_checks >= $4::int THEN j.last_checked_at ELSE now() END,
       updated_at = now()
  FROM due
 WHERE j.id = due.id AND $1::text IS NOT NULL
RETURNING j.txid, j.proof_state, j.next_check_at IS NOT NULL AS to_check, j.arc_endpoint
