DELETE FROM wallet_outputs WHERE outpoint = $1
