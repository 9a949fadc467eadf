-- pgbench baseline for `bench find_outputs`: the statement PostgresStore
-- prepares for a basket + two tags (mode all) query, limit 10.
\set b random(0, 9)
\set a random(0, 19)
\set d random(0, 18)
SELECT data FROM wallet_outputs WHERE id IN (
  SELECT id FROM wallet_outputs
   WHERE basket = 'basket-' || :b
     AND tags @> ARRAY['tag-' || :a, 'tag-' || ((:a + 1 + :d) % 20)]
     AND (state = 'spendable' OR (state IS NULL AND spendable))
   ORDER BY id LIMIT 10 OFFSET 0)
 ORDER BY id;
