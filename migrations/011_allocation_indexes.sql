-- Coin selection at scale (store-contract.md, allocate_utxos and
-- find_spendable_outputs): one partial index per order a spender walks, over
-- spendable outputs only, so allocate_utxos reads (and locks) just the
-- outputs it takes and find_spendable_outputs with a limit reads just its
-- page, in a basket of millions, without sorting. Missing satoshis count as
-- 0; ties go by id (insertion order). The two without a basket serve
-- wallet-wide selection; oldest first wallet-wide walks the primary key.
-- Spent and pending outputs are in none of them, so each stays the size of
-- the spendable set (about 21-45 MB per million spendable outputs).
-- Adds only; 001-006 stay as the Ruby gem made them.

CREATE INDEX wallet_outputs_spendable_largest_index
  ON wallet_outputs (basket, (COALESCE(satoshis, 0)) DESC, id)
  WHERE state = 'spendable' OR (state IS NULL AND spendable);
CREATE INDEX wallet_outputs_spendable_smallest_index
  ON wallet_outputs (basket, (COALESCE(satoshis, 0)), id)
  WHERE state = 'spendable' OR (state IS NULL AND spendable);
CREATE INDEX wallet_outputs_spendable_oldest_index
  ON wallet_outputs (basket, id)
  WHERE state = 'spendable' OR (state IS NULL AND spendable);
CREATE INDEX wallet_outputs_spendable_largest_anywhere_index
  ON wallet_outputs ((COALESCE(satoshis, 0)) DESC, id)
  WHERE state = 'spendable' OR (state IS NULL AND spendable);
CREATE INDEX wallet_outputs_spendable_smallest_anywhere_index
  ON wallet_outputs ((COALESCE(satoshis, 0)), id)
  WHERE state = 'spendable' OR (state IS NULL AND spendable);
