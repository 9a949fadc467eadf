SELECT status FROM wallet_broadcast_jobs WHERE txid = $1
