-- Appends to several streams in one round trip (a batch of saga replies records steps on many orders):
-- es_append for each stream in the order given, stopping at the first refusal. Callers pass the streams
-- sorted by id, so two batches lock shared streams in the same order and never deadlock. Event arrays are
-- the streams' events one after the other; p_counts says how many belong to each stream.
CREATE FUNCTION es_append_many(
  p_stream_ids text[],
  p_expected bigint[],
  p_counts integer[],
  p_event_ids uuid[],
  p_event_types text[],
  p_schema_versions integer[],
  p_data text[],
  p_metadata text[]
) RETURNS TABLE (stream_index integer, status text, version bigint, transaction_id text, last_position bigint)
LANGUAGE plpgsql AS $$
DECLARE
  v_from integer := 1;
  v_to integer;
  v_result record;
BEGIN
  FOR i IN 1 .. coalesce(cardinality(p_stream_ids), 0) LOOP
    v_to := v_from + p_counts[i] - 1;
    SELECT * INTO v_result FROM es_append(p_stream_ids[i], p_expected[i], p_event_ids[v_from:v_to],
      p_event_types[v_from:v_to], p_schema_versions[v_from:v_to], p_data[v_from:v_to], p_metadata[v_from:v_to]);
    stream_index := i;
    status := v_result.status;
    version := v_result.version;
    transaction_id := v_result.transaction_id;
    last_position := v_result.last_position;
    RETURN NEXT;
    IF v_result.status <> 'appended' THEN
      RETURN;
    END IF;
    v_from := v_to + 1;
  END LOOP;
END
$$;
