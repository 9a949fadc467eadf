-- $1 timeout in seconds. Outputs of a live broadcast job (unsent, sending
-- or in doubt) stay locked: those pending under its fund_ref and those it
-- lists as inputs or change (broadcast-queue.md, "Job lifecycle" 6).
UPDATE wallet_outputs o
   SET state = 'spendable', spendable = true,
       pending_since = NULL, pending_reference = NULL, no_send = false,
       data = (o.data - 'pending_since' - 'pending_reference' - 'no_send')
              || '{"state": "spendable"}'::jsonb
 WHERE o.state = 'pending'
   AND o.pending_since IS NOT NULL
   AND extract(epoch FROM now() - o.pending_since) > $1::float8
   AND NOT o.no_send
   AND NOT EXISTS (SELECT 1 FROM wallet_broadcast_jobs j
                    WHERE j.fund_ref = o.pending_reference
                      AND j.status IN ('unsent', 'sending', 'in_doubt'))
   AND o.outpoint NOT IN (SELECT unnest(j.input_outpoints || j.change_outpoints)
                            FROM wallet_broadcast_jobs j
                           WHERE j.status IN ('unsent', 'sending', 'in_doubt'))
