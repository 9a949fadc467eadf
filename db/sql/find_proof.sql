SELECT bump_hex FROM wallet_proofs WHERE txid = $1
