-- Messages a service publishes, written in the same transaction as the state change they announce.
CREATE TABLE outbox (
  id             bigserial PRIMARY KEY,
  message_id     text NOT NULL UNIQUE,
  topic          text NOT NULL,
  partition_key  text,
  envelope       jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  published_at   timestamptz
);
CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
