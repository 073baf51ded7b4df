-- A claim names its claimer: a number that a live transport holds a session advisory lock on. When the
-- claimer's session ends (its process died), reapers hand its deliveries back at once instead of waiting
-- for the lease, which stays as the bound for a live consumer that hangs.
ALTER TABLE bus_deliveries ADD COLUMN claimed_by bigint;

-- Deliveries are a queue: rows are inserted, claimed and deleted all the time. Vacuum it early and often
-- so claims do not wade through dead rows (the default waits for 20 % of the table to be dead).
ALTER TABLE bus_deliveries SET (
  autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 2000,
  autovacuum_vacuum_insert_scale_factor = 0,
  autovacuum_vacuum_insert_threshold = 5000,
  autovacuum_analyze_scale_factor = 0.05,
  autovacuum_vacuum_cost_delay = 0
);

-- Every delivery row checked its message's existence (a foreign-key lookup per row, ~20 per order); the
-- store writes both in one statement and never deletes messages (they are kept for replay), so the check
-- guards nothing. Whoever removes old messages one day removes their deliveries with them.
ALTER TABLE bus_deliveries DROP CONSTRAINT bus_deliveries_position_fkey;
