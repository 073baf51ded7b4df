-- An append in one round trip. The rules are the ones appendWith applied statement by statement before:
-- 1. writers of one stream queue on a transaction-level advisory lock, which assigns no transaction id, so
--    one that has not written yet gets its id only after the previous writer committed;
-- 2. the expected version is checked against the stream's current version (no write on a mismatch);
-- 3. a transaction whose id is older than the stream's last writer's may not append after it: the global
--    order follows transaction ids (TransactionOrderConflictError);
-- 4. the stream's row reserves the versions; the events are inserted in order.
-- Returns the outcome as a status instead of raising, so nothing is written on a refusal and the caller
-- chooses the error.
CREATE FUNCTION es_append(
  p_stream_id text,
  p_expected bigint,        -- NULL: any version; -1: the stream must exist; n >= 0: exactly n (0: no stream)
  p_event_ids uuid[],
  p_event_types text[],
  p_schema_versions integer[],
  p_data text[],
  p_metadata text[]
) RETURNS TABLE (status text, version bigint, transaction_id text, last_position bigint)
LANGUAGE plpgsql AS $$
DECLARE
  v_previous bigint;
  v_last_writer xid8;
  v_mine xid8;
  v_count integer := cardinality(p_event_ids);
  v_last bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));
  SELECT s.version, s.last_transaction_id INTO v_previous, v_last_writer
  FROM es_streams s WHERE s.stream_id = p_stream_id;
  v_previous := coalesce(v_previous, 0);
  IF (p_expected = -1 AND v_previous = 0) OR (p_expected >= 0 AND v_previous <> p_expected) THEN
    RETURN QUERY SELECT 'version-conflict'::text, v_previous, NULL::text, NULL::bigint;
    RETURN;
  END IF;
  v_mine := pg_current_xact_id_if_assigned();
  IF v_mine IS NOT NULL AND v_last_writer IS NOT NULL AND v_last_writer > v_mine THEN
    RETURN QUERY SELECT 'order-conflict'::text, v_previous, NULL::text, NULL::bigint;
    RETURN;
  END IF;
  INSERT INTO es_streams AS s (stream_id, version, last_transaction_id)
  VALUES (p_stream_id, v_count, pg_current_xact_id())
  ON CONFLICT (stream_id) DO UPDATE
    SET version = s.version + v_count, updated_at = now(), last_transaction_id = pg_current_xact_id();
  WITH inserted AS (
    INSERT INTO es_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata)
    SELECT p_stream_id, v_previous + e.n, e.id, e.type, e.schema_version, e.data::jsonb, e.metadata::jsonb
    FROM unnest(p_event_ids, p_event_types, p_schema_versions, p_data, p_metadata) WITH ORDINALITY
         AS e(id, type, schema_version, data, metadata, n)
    ORDER BY e.n
    RETURNING position
  )
  SELECT max(position) INTO v_last FROM inserted;
  RETURN QUERY SELECT 'appended'::text, v_previous + v_count, pg_current_xact_id()::text, v_last;
END
$$;
