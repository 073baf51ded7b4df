-- One row per saga, rewritten at every transition (in the transaction that sends its commands), and the
-- history of every transition for operators.
CREATE TABLE saga_instances (
  id              uuid PRIMARY KEY,
  saga            text NOT NULL,
  status          text NOT NULL CHECK (status IN ('RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED', 'NEEDS_ATTENTION')),
  step            integer NOT NULL,
  attempt         integer NOT NULL,
  deadline        timestamptz,
  failure_reason  text,
  data            jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX saga_instances_due_idx ON saga_instances (deadline) WHERE deadline IS NOT NULL;
CREATE INDEX saga_instances_status_idx ON saga_instances (status, updated_at DESC, id);

CREATE TABLE saga_history (
  saga_id  uuid NOT NULL REFERENCES saga_instances (id) ON DELETE CASCADE,
  seq      bigserial NOT NULL,
  at       timestamptz NOT NULL DEFAULT clock_timestamp(),
  kind     text NOT NULL,
  step     text,
  detail   jsonb,
  PRIMARY KEY (saga_id, seq)
);
