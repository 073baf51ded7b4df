-- The PostgreSQL message store: one shared `bus` database. Messages are kept (for replay); each consumer
-- group that subscribes to a topic gets its own delivery row per message, which its consumers compete for.
CREATE TABLE bus_messages (
  position       bigserial PRIMARY KEY,
  message_id     text NOT NULL UNIQUE,
  topic          text NOT NULL,
  partition_key  text,
  envelope       jsonb NOT NULL,
  published_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX bus_messages_topic_idx ON bus_messages (topic, position);

CREATE TABLE bus_subscriptions (
  group_name  text NOT NULL,
  topic       text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_name, topic)
);

CREATE TABLE bus_deliveries (
  group_name    text NOT NULL,
  position      bigint NOT NULL REFERENCES bus_messages (position) ON DELETE CASCADE,
  status        text NOT NULL DEFAULT 'ready' CHECK (status IN ('ready', 'dead')),
  attempts      integer NOT NULL DEFAULT 0,
  available_at  timestamptz NOT NULL DEFAULT now(),
  last_error    text,
  dead_at       timestamptz,
  PRIMARY KEY (group_name, position)
);
CREATE INDEX bus_deliveries_ready_idx ON bus_deliveries (group_name, available_at, position) WHERE status = 'ready';
CREATE INDEX bus_deliveries_dead_idx ON bus_deliveries (group_name, dead_at) WHERE status = 'dead';
