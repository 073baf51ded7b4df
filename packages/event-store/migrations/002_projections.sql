-- Which generation of each projection's tables serves reads, and which (if any) is being rebuilt beside it.
CREATE TABLE es_projections (
  name                 text PRIMARY KEY,
  active_generation    integer NOT NULL,
  active_version       integer NOT NULL,
  building_generation  integer,
  building_version     integer,
  rebuild_started_at   timestamptz,
  updated_at           timestamptz NOT NULL DEFAULT now()
);
