-- One action per txid.

CREATE UNIQUE INDEX wallet_actions_txid_index ON wallet_actions (txid);
