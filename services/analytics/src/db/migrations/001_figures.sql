-- Figures of what happened, kept by event time. Every row is changed in the transaction that records the
-- event's message id in the inbox, so a redelivered message never counts twice.

-- Every message seen, by CloudEvents type.
CREATE TABLE events_seen (
  type          text PRIMARY KEY,
  seen          bigint NOT NULL,
  last_seen_at  timestamptz NOT NULL
);

-- Tumbling one-minute windows (UTC minute start) of order events, by the events' own time.
CREATE TABLE order_minutes (
  minute     timestamptz PRIMARY KEY,
  placed     integer NOT NULL DEFAULT 0,
  confirmed  integer NOT NULL DEFAULT 0,
  cancelled  integer NOT NULL DEFAULT 0
);

-- Confirmed revenue per minute and currency, in minor units (currencies are never added together).
CREATE TABLE revenue_minutes (
  minute    timestamptz NOT NULL,
  currency  char(3) NOT NULL,
  amount    bigint NOT NULL,
  PRIMARY KEY (minute, currency)
);

-- What is known of each order, so each fact counts once per order whatever the order of arrival and
-- whatever a publisher re-sends under a new message id.
CREATE TABLE order_progress (
  order_id       uuid PRIMARY KEY,
  placed         boolean NOT NULL DEFAULT false,
  confirmed      boolean NOT NULL DEFAULT false,
  cancelled      boolean NOT NULL DEFAULT false,
  units_counted  boolean NOT NULL DEFAULT false
);

-- Lines of placed orders, kept until the order's confirmation adds them to the products' sales.
CREATE TABLE placed_lines (
  order_id    uuid NOT NULL,
  line_no     integer NOT NULL,
  product_id  uuid NOT NULL,
  quantity    integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, line_no)
);

CREATE TABLE product_sales (
  product_id  uuid PRIMARY KEY,
  units_sold  bigint NOT NULL
);
CREATE INDEX product_sales_top_idx ON product_sales (units_sold DESC, product_id);

-- How sagas ended: CONFIRMED or the cancellation reason.
CREATE TABLE saga_outcomes (
  outcome  text PRIMARY KEY,
  orders   bigint NOT NULL
);

-- Declined payments, one per order (payment may announce the same decline again for a re-sent command).
CREATE TABLE payment_declines (
  order_id     uuid PRIMARY KEY,
  user_id      uuid NOT NULL,
  declined_at  timestamptz NOT NULL
);
CREATE INDEX payment_declines_user_idx ON payment_declines (user_id, declined_at);

-- Fraud suspicions raised by the declined-payments rule (each also published as analytics.fraud-suspected).
CREATE TABLE fraud_alerts (
  id                 uuid PRIMARY KEY,
  seq                bigserial NOT NULL UNIQUE,
  user_id            uuid NOT NULL,
  declined_payments  integer NOT NULL,
  window_start       timestamptz NOT NULL,
  window_end         timestamptz NOT NULL,
  raised_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fraud_alerts_user_idx ON fraud_alerts (user_id, window_end);
CREATE INDEX fraud_alerts_latest_idx ON fraud_alerts (seq DESC);
