-- pgbench baseline for `bench store_output`: the upsert of db/sql/upsert_output.sql
-- with a record of the shape bench_output() builds (bench/scenarios.cpp).
\set n random(1, 100000)
INSERT INTO wallet_outputs
  (outpoint, basket, tags, spendable, state, satoshis, pending_since, pending_reference, no_send, data)
VALUES ('b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0.' || :n, 'bench',
        '{"payment","bench"}'::text[], true, 'spendable', 1000 + :n, NULL, NULL, false,
        ('{"basket":"bench","derivation_prefix":"bench-prefix","derivation_suffix":"bench-suffix-' || :n ||
         '","locking_script":"76a914aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa88ac","outpoint":"b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0.' || :n ||
         '","satoshis":' || (1000 + :n) || ',"sender_identity_key":"02cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","spendable":true,"state":"spendable","tags":["payment","bench"]}')::jsonb)
ON CONFLICT (outpoint) DO UPDATE SET
  basket = EXCLUDED.basket,
  tags = EXCLUDED.tags,
  spendable = EXCLUDED.spendable,
  state = EXCLUDED.state,
  satoshis = EXCLUDED.satoshis,
  pending_since = EXCLUDED.pending_since,
  pending_reference = EXCLUDED.pending_reference,
  no_send = EXCLUDED.no_send,
  data = EXCLUDED.data;
