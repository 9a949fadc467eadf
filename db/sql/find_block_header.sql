-- The header a header source confirmed for height $1, if any.
SELECT merkle_root, block_hash FROM wallet_block_headers WHERE height = $1::bigint
