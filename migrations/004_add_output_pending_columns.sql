-- Columns for coin selection and pending-lock bookkeeping, and a partial
-- index over the outputs a wallet may spend.

ALTER TABLE wallet_outputs
  ADD COLUMN satoshis bigint,
  ADD COLUMN pending_since timestamptz,
  ADD COLUMN pending_reference varchar(255),
  ADD COLUMN no_send boolean NOT NULL DEFAULT false;
CREATE INDEX wallet_outputs_spendable_state_basket_index ON wallet_outputs (state, basket)
  WHERE state IS NULL OR state = 'spendable';
