-- One row per order, so an order is never charged twice. The saga's commands are answered from this row:
-- a repeated command gets the recorded outcome again. Captured money is `amount` of CAPTURED and REFUNDED
-- rows, refunded money their `refunded_amount` (DESIGN §6, invariant 3). A VOIDED row is a tombstone: a
-- refund found nothing captured, and any later capture for the order is refused.
CREATE TABLE payments (
  order_id         uuid PRIMARY KEY,
  payment_id       uuid NULL UNIQUE,
  user_id          uuid NULL,
  amount           bigint NOT NULL DEFAULT 0 CHECK (amount >= 0),
  currency         text NULL CHECK (currency ~ '^[A-Z]{3}$'),
  status           text NOT NULL CHECK (status IN ('CAPTURED', 'DECLINED', 'PENDING', 'REFUNDED', 'VOIDED')),
  decline_reason   text NULL CHECK (decline_reason IN ('PAYMENT_DECLINED', 'INSUFFICIENT_FUNDS')),
  card_last4       text NULL CHECK (card_last4 ~ '^[0-9]{4}$'),
  refunded_amount  bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0 AND refunded_amount <= amount),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((status IN ('CAPTURED', 'REFUNDED')) = (payment_id IS NOT NULL)),
  CHECK (status = 'REFUNDED' OR refunded_amount = 0)
);

-- A user's payments, newest first (keyset pagination).
CREATE INDEX payments_by_user_idx ON payments (user_id, created_at DESC, order_id DESC);
