-- The find_outputs data set: :rows spendable outputs (100,000 unless
-- --rows says otherwise; psql -v rows=N) over 10 baskets,
-- each with 2 distinct tags drawn at random from 20 (seeded, so every run
-- builds the same table). Used by `bench find_outputs` and by
-- bench/compare.sh for pgbench's baseline.
SELECT setseed(0.5);
INSERT INTO wallet_outputs (outpoint, basket, tags, spendable, state, satoshis, data)
SELECT 'fill.' || i, 'basket-' || (i % 10), ARRAY['tag-' || t1, 'tag-' || t2], true, 'spendable', 1000 + i,
       jsonb_build_object('outpoint', 'fill.' || i, 'basket', 'basket-' || (i % 10),
                          'tags', jsonb_build_array('tag-' || t1, 'tag-' || t2), 'satoshis', 1000 + i,
                          'state', 'spendable', 'locking_script', '76a914' || md5(i::text) || '88ac')
  FROM (SELECT i, t1, (t1 + 1 + floor(random() * 19)::int) % 20 AS t2
          FROM (SELECT i, floor(random() * 20)::int AS t1 FROM generate_series(1, :rows) AS i) AS r) AS s;
-- The caller runs VACUUM ANALYZE next (it cannot run inside this script's transaction).
