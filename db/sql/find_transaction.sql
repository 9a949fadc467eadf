SELECT tx_hex FROM wallet_transactions WHERE txid = $1
