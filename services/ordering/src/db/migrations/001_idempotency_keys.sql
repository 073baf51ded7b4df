-- The first successful response to a POST with an Idempotency-Key, per caller, so a retry replays it.
-- The row is written in the same transaction as the order's events: both exist or neither does.
CREATE TABLE idempotency_keys (
  user_id       uuid NOT NULL,
  key           text NOT NULL,
  request_hash  text NOT NULL,
  status_code   integer,
  response      jsonb,
  location      text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
