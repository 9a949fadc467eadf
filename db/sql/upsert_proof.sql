INSERT INTO wallet_proofs (txid, bump_hex) VALUES ($1, $2)
ON CONFLICT (txid) DO UPDATE SET bump_hex = EXCLUDED.bump_hex
