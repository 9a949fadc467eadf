SELECT value FROM wallet_settings WHERE key = $1
