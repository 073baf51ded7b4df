CREATE TABLE products (
  id            uuid PRIMARY KEY,
  name          text NOT NULL,
  description   text NOT NULL DEFAULT '',
  -- Money in integer minor units plus its ISO 4217 currency; never floats.
  price_amount  bigint NOT NULL CHECK (price_amount >= 0),
  currency      char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  category      text NOT NULL,
  image_url     text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  -- Name matches weigh most, then category, then description.
  search        tsvector GENERATED ALWAYS AS (
                  setweight(to_tsvector('english', name), 'A') ||
                  setweight(to_tsvector('english', category), 'B') ||
                  setweight(to_tsvector('english', description), 'C')
                ) STORED
);

CREATE INDEX products_search_idx ON products USING gin (search);
-- Keyset pagination of the unfiltered list walks this index.
CREATE INDEX products_name_id_idx ON products (name, id);
CREATE INDEX products_category_idx ON products (category, name, id);

-- Remembers that the demo catalogue was loaded, so deleting products never brings them back.
CREATE TABLE catalog_seed (
  seeded_at  timestamptz NOT NULL DEFAULT now()
);
