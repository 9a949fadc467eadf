INSERT INTO wallet_transactions (txid, tx_hex) VALUES ($1, $2)
ON CONFLICT (txid) DO UPDATE SET tx_hex = EXCLUDED.tx_hex
