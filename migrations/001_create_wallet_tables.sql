-- Core wallet tables. Each row keeps the whole record in `data` (the source
-- of truth); the other columns copy the keys that queries filter on.

CREATE TABLE wallet_outputs (
  id         serial PRIMARY KEY,
  outpoint   varchar(255) NOT NULL UNIQUE,
  basket     varchar(255),
  tags       text[],
  spendable  boolean NOT NULL DEFAULT true,
  data       jsonb NOT NULL,
  created_at timestamp NOT NULL DEFAULT now()
);
CREATE INDEX wallet_outputs_basket_spendable_index ON wallet_outputs (basket, spendable);
CREATE INDEX wallet_outputs_tags_index ON wallet_outputs USING gin (tags);

CREATE TABLE wallet_actions (
  id         serial PRIMARY KEY,
  txid       varchar(255) NOT NULL,
  labels     text[],
  data       jsonb NOT NULL,
  created_at timestamp NOT NULL DEFAULT now()
);
CREATE INDEX wallet_actions_labels_index ON wallet_actions USING gin (labels);

CREATE TABLE wallet_certificates (
  id            serial PRIMARY KEY,
  type          varchar(255) NOT NULL,
  serial_number varchar(255) NOT NULL,
  certifier     varchar(255) NOT NULL,
  subject       varchar(255),
  data          jsonb NOT NULL,
  created_at    timestamp NOT NULL DEFAULT now(),
  UNIQUE (type, serial_number, certifier)
);
CREATE INDEX wallet_certificates_certifier_index ON wallet_certificates (certifier);
CREATE INDEX wallet_certificates_subject_index ON wallet_certificates (subject);

CREATE TABLE wallet_proofs (
  txid       varchar(255) PRIMARY KEY,
  bump_hex   text NOT NULL,
  created_at timestamp NOT NULL DEFAULT now()
);

CREATE TABLE wallet_transactions (
  txid       varchar(255) PRIMARY KEY,
  tx_hex     text NOT NULL,
  created_at timestamp NOT NULL DEFAULT now()
);
