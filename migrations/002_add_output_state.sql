-- Explicit output state (spendable | pending | spent); NULL on legacy rows,
-- whose effective state then follows the `spendable` column.

ALTER TABLE wallet_outputs ADD COLUMN state varchar(255);
CREATE INDEX wallet_outputs_state_index ON wallet_outputs (state);
