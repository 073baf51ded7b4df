-- One row per order: every confirmed order has exactly one CREATED shipment (DESIGN §6, invariant 4). The
-- saga's commands are answered from this row: a repeated command gets the recorded outcome again. A
-- CANCELLED row without a shipment id is a tombstone: the cancellation came first, and a later request to
-- ship the order is refused.
CREATE TABLE shipments (
  order_id         uuid PRIMARY KEY,
  shipment_id      uuid NULL UNIQUE,
  user_id          uuid NULL,
  tracking_number  text NULL UNIQUE CHECK (tracking_number ~ '^BZ[A-Z0-9]{10}$'),
  status           text NOT NULL CHECK (status IN ('CREATED', 'FAILED', 'CANCELLED')),
  country          text NULL CHECK (country ~ '^[A-Z]{2}$'),
  detail           text NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'CREATED' OR (shipment_id IS NOT NULL AND tracking_number IS NOT NULL)),
  CHECK ((shipment_id IS NULL) = (tracking_number IS NULL))
);

-- A user's shipments, newest first (keyset pagination).
CREATE INDEX shipments_by_user_idx ON shipments (user_id, created_at DESC, order_id DESC);
