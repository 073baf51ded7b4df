-- Every row is inserted, then updated once when published: the partial index of unpublished rows, which
-- the relay reads all the time, fills with dead entries unless the table is vacuumed early and often
-- (the default waits for 20 % of the table to be dead, and the outbox keeps every row for replay).
ALTER TABLE outbox SET (
  autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 2000,
  autovacuum_vacuum_cost_delay = 0
);
