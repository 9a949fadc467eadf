DELETE FROM wallet_actions WHERE txid = $1
