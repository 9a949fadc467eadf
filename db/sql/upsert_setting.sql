-- $2 is the value encoded as JSON text, so objects and arrays round-trip.
INSERT INTO wallet_settings (key, value, updated_at) VALUES ($1, $2, now())
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
