-- Wallet settings: one JSON-encoded value per key.

CREATE TABLE wallet_settings (
  key        varchar(255) PRIMARY KEY,
  value      text NOT NULL,
  updated_at timestamp DEFAULT now()
);
