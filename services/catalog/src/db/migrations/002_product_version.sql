-- Every change of a product bumps its version: the ETag of its representation and the order of cache
-- entries (an entry never replaces a newer one).
ALTER TABLE products ADD COLUMN version bigint NOT NULL DEFAULT 1 CHECK (version >= 1);
