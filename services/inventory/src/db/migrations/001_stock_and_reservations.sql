-- Stock per product. Every unit received is in exactly one bucket: free to sell (available), held for an
-- order in progress (reserved) or sold to a confirmed order (committed). Write-offs leave `received` too.
-- The invariant checker reads this table directly (DESIGN §6, invariant 2).
CREATE TABLE stock (
  product_id  uuid PRIMARY KEY,
  received    integer NOT NULL CHECK (received >= 0),
  available   integer NOT NULL CHECK (available >= 0),
  reserved    integer NOT NULL CHECK (reserved >= 0),
  committed   integer NOT NULL CHECK (committed >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stock_balanced CHECK (received = available + reserved + committed)
);

-- One row per order the saga ever named, so that every command for it is answered the same way however
-- often it arrives:
--   HELD       stock is held for every line;       COMMITTED  the held stock is sold;
--   FAILED     nothing was held (reason, and the products that could not be served);
--   RELEASED   released by the saga's compensation. With lines and no reason it had held stock that went
--              back on the shelf; with a reason it had failed; without lines it is a tombstone: the release
--              came before any reserve, and a late reserve for the order holds nothing.
CREATE TABLE reservations (
  order_id            uuid PRIMARY KEY,
  status              text NOT NULL CHECK (status IN ('HELD', 'RELEASED', 'COMMITTED', 'FAILED')),
  lines               jsonb,
  reason              text CHECK (reason IN ('OUT_OF_STOCK', 'UNKNOWN_PRODUCT')),
  failed_product_ids  uuid[],
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT reservations_lines_known CHECK (status = 'RELEASED' OR lines IS NOT NULL),
  CONSTRAINT reservations_failure_explained CHECK (status <> 'FAILED' OR reason IS NOT NULL),
  CONSTRAINT reservations_held_not_failed CHECK (status NOT IN ('HELD', 'COMMITTED') OR reason IS NULL),
  CONSTRAINT reservations_failure_complete CHECK ((reason IS NULL) = (failed_product_ids IS NULL))
);
CREATE INDEX reservations_status_idx ON reservations (status);
