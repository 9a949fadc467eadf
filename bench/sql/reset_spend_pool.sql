-- Puts every output of the spenders' data set back to spendable, so a
-- filled pool serves the next run as it served the first.
UPDATE wallet_outputs
   SET state = 'spendable', spendable = true, pending_since = NULL, pending_reference = NULL,
       no_send = false,
       data = (data - 'pending_since' - 'pending_reference' - 'no_send') || '{"state": "spendable"}'
 WHERE state IS DISTINCT FROM 'spendable';
