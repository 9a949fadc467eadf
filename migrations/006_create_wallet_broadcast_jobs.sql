-- The durable broadcast queue (see broadcast-queue.md).

CREATE TABLE wallet_broadcast_jobs (
  id               bigserial PRIMARY KEY,
  txid             varchar(255) NOT NULL UNIQUE,
  status           varchar(255) NOT NULL DEFAULT 'unsent',
  beef_hex         text NOT NULL,
  input_outpoints  text[],
  change_outpoints text[],
  fund_ref         varchar(255),
  attempts         integer NOT NULL DEFAULT 0,
  last_error       text,
  locked_at        timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX wallet_broadcast_jobs_status_locked_at_index ON wallet_broadcast_jobs (status, locked_at);
