-- One row per stream: its current version. Appends upsert it, which both reserves the next versions and
-- serialises concurrent writers of the same stream on the row lock.
CREATE TABLE es_streams (
  stream_id   text PRIMARY KEY,
  version     bigint NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The log. `transaction_id` is the writing transaction's id: readers follow (transaction_id, position)
-- and only read transactions older than every one still running (pg_snapshot_xmin), so an event that
-- commits late can never land behind a reader's checkpoint.
CREATE TABLE es_events (
  position        bigserial PRIMARY KEY,
  transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id       text NOT NULL,
  stream_version  bigint NOT NULL,
  event_id        uuid NOT NULL,
  event_type      text NOT NULL,
  schema_version  integer NOT NULL DEFAULT 1,
  data            jsonb NOT NULL,
  metadata        jsonb NOT NULL DEFAULT '{}',
  recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (stream_id, stream_version),
  UNIQUE (event_id)
);

CREATE INDEX es_events_global_order_idx ON es_events (transaction_id, position);

-- The latest snapshot of a stream's state, used to load long streams without folding every event.
CREATE TABLE es_snapshots (
  stream_id       text PRIMARY KEY,
  stream_version  bigint NOT NULL,
  schema_version  integer NOT NULL,
  state           jsonb NOT NULL,
  taken_at        timestamptz NOT NULL DEFAULT now()
);

-- Where each named subscription has got to in the global order.
CREATE TABLE es_checkpoints (
  subscription_id  text PRIMARY KEY,
  transaction_id   xid8 NOT NULL,
  position         bigint NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
