-- The transaction that last wrote each stream. The global order follows transaction ids, so a stream's
-- events must come from transactions in increasing id order: an older transaction (it took its id before a
-- newer one wrote the stream, then waited for the stream's lock) may not append after it.
ALTER TABLE es_streams ADD COLUMN last_transaction_id xid8;
