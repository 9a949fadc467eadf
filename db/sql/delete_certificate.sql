DELETE FROM wallet_certificates WHERE type = $1 AND serial_number = $2 AND certifier = $3
