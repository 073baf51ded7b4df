-- An append in one round trip. The rules are the ones appendWith applied statement by statement before:
-- 1. writers of one stream queue on a transaction-level advisory lock, which assigns no transaction id, so
--    one that has not written yet gets its id only after the previous writer committed;
-- 2. the expected version is checked against the stream's current version (no write on a mismatch);
-- 3. a transaction whose id is older than the stream's last writer's may not append after it: the global
--    order follows transaction ids (TransactionOrderConflictError);
-- 4. the stream's row reserves the versions; the events are inserted in order.
-- The outcome is a status instead of an exception, so nothing is written on a refusal and the caller
-- chooses the error.
CREATE FUNCTION es_append(
  p_stream_id text,
  p_expected bigint,        -- NULL: any version; -1: the stream must exist; n >= 0: exactly n (0: no stream)
  p_event_ids uuid[],
  p_event_types text[],
  p_schema_versions integer[],
  p_data text[],
  p_metadata text[],
  OUT status text,
  OUT version bigint,
  OUT transaction_id text,
  OUT last_position bigint
)
LANGUAGE plpgsql AS $$
DECLARE
  v_previous bigint;
  v_last_writer xid8;
  v_exists boolean;
  v_mine xid8;
  v_count integer := cardinality(p_event_ids);
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));
  -- Taken before writing anything: whether this transaction had an id before this append (rule 3).
  v_mine := pg_current_xact_id_if_assigned();
  IF p_expected = 0 THEN
    -- A new stream (placing an order): one statement when it is indeed new.
    INSERT INTO es_streams (stream_id, version, last_transaction_id)
    VALUES (p_stream_id, v_count, pg_current_xact_id())
    ON CONFLICT (stream_id) DO NOTHING;
    IF NOT FOUND THEN
      SELECT s.version INTO version FROM es_streams s WHERE s.stream_id = p_stream_id;
      status := 'version-conflict';
      RETURN;
    END IF;
    v_previous := 0;
  ELSE
    -- An existing stream: the checks and the new version in one statement when they pass.
    UPDATE es_streams s SET version = s.version + v_count, updated_at = now(), last_transaction_id = pg_current_xact_id()
    WHERE s.stream_id = p_stream_id
      AND (p_expected IS NULL OR p_expected = -1 OR s.version = p_expected)
      AND (v_mine IS NULL OR s.last_transaction_id IS NULL OR s.last_transaction_id <= v_mine)
    RETURNING s.version - v_count INTO v_previous;
    IF NOT FOUND THEN
      -- Why not: no such stream, another version, or a younger last writer.
      SELECT s.version, s.last_transaction_id INTO v_previous, v_last_writer
      FROM es_streams s WHERE s.stream_id = p_stream_id;
      v_exists := FOUND;
      version := coalesce(v_previous, 0);
      IF NOT v_exists AND p_expected IS NULL THEN
        INSERT INTO es_streams (stream_id, version, last_transaction_id)
        VALUES (p_stream_id, v_count, pg_current_xact_id());
        v_previous := 0;
      ELSIF NOT v_exists OR (p_expected >= 0 AND v_previous <> p_expected) THEN
        status := 'version-conflict';
        RETURN;
      ELSE
        status := 'order-conflict';
        RETURN;
      END IF;
    END IF;
  END IF;
  INSERT INTO es_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata)
  SELECT p_stream_id, v_previous + e.n, e.id, e.type, e.schema_version, e.data::jsonb, e.metadata::jsonb
  FROM unnest(p_event_ids, p_event_types, p_schema_versions, p_data, p_metadata) WITH ORDINALITY
       AS e(id, type, schema_version, data, metadata, n)
  ORDER BY e.n;
  status := 'appended';
  version := v_previous + v_count;
  transaction_id := pg_current_xact_id()::text;
  -- The rows took their positions from the sequence in order: the last one is this session's latest.
  last_position := currval('es_events_position_seq');
END
$$;
