-- Deliveries are claimed with a lease instead of a transaction held open while the handler runs: an open
-- writing transaction would hold back pg_snapshot_xmin for every event-store reader on the server.
ALTER TABLE bus_deliveries ADD COLUMN claim_id uuid, ADD COLUMN locked_until timestamptz;
