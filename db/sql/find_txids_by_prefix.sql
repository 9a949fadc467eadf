-- The txids of broadcast jobs starting with $1 (8..64 lowercase hex, checked
-- by the caller): at most two, enough to tell one match from several. The
-- range lets the unique index on txid find them in any collation; the
-- left() test is the exact one.
SELECT txid FROM wallet_broadcast_jobs
 WHERE txid >= $1::text AND txid < ($1::text || 'g') AND left(txid, length($1::text)) = $1::text
 ORDER BY txid
 LIMIT 2
