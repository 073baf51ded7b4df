import type { Problem } from '@bazaar/client';
import { useEffect, useState } from 'preact/hooks';
import { clock } from '../common/format';
import { api } from '../common/session';
import type { Trace } from '../common/types';
import { Field, ProblemMessage, Section } from '../common/ui';

const KIND_CLASS: Record<string, string> = {
  server: 'good',
  client: '',
  producer: 'wait',
  consumer: 'wait',
  internal: '',
};

/** Depth of each span under its parent (spans whose parent is not in the trace start at 0). */
function depths(trace: Trace): Map<string, number> {
  const byId = new Map(trace.spans.map((span) => [span.spanId, span]));
  const depth = new Map<string, number>();
  const of = (spanId: string, seen = 0): number => {
    const known = depth.get(spanId);
    if (known !== undefined) return known;
    const parent = byId.get(spanId)?.parentSpanId;
    const value = parent && byId.has(parent) && seen < 64 ? of(parent, seen + 1) + 1 : 0;
    depth.set(spanId, value);
    return value;
  };
  for (const span of trace.spans) of(span.spanId);
  return depth;
}

/** One trace as a waterfall: a bar per span, placed by its start and length within the trace. */
export function Waterfall({ trace }: { trace: Trace }) {
  const start = Date.parse(trace.start);
  const total = Math.max(trace.durationMs, 0.001);
  const depth = depths(trace);
  return (
    <Section
      title={`Trace ${trace.traceId.slice(0, 12)} — ${trace.durationMs.toFixed(1)} ms, ${trace.services.join(', ')}`}
    >
      <ol class="waterfall" aria-label={`Spans of trace ${trace.traceId}`}>
        {trace.spans.map((span) => {
          const offset = Date.parse(span.start) - start;
          return (
            <li
              key={span.spanId}
              style={{ paddingLeft: `${Math.min(depth.get(span.spanId) ?? 0, 12) * 10}px` }}
            >
              <span class="span-label">
                <span class={`badge ${span.status === 'error' ? 'bad' : (KIND_CLASS[span.kind] ?? '')}`}>
                  {span.service}
                </span>{' '}
                {span.name}{' '}
                <span class="muted">
                  {span.durationMs.toFixed(1)} ms at +{offset.toFixed(1)} ms
                </span>
                {span.statusMessage && <span class="muted"> — {span.statusMessage}</span>}
              </span>
              <span class="span-track" aria-hidden="true">
                <span
                  class={`span-bar ${span.status === 'error' ? 'bad' : ''}`}
                  style={{
                    left: `${(offset / total) * 100}%`,
                    width: `${Math.max((span.durationMs / total) * 100, 0.4)}%`,
                  }}
                />
              </span>
            </li>
          );
        })}
      </ol>
    </Section>
  );
}

/**
 * An order's traces (its placement and fulfilment), or one trace by its id (linked from the events), from
 * the spans every service keeps in memory.
 */
export function Traces({ orderId, traceId }: { orderId: string | undefined; traceId?: string | undefined }) {
  const [id, setId] = useState(orderId ?? '');
  const [traces, setTraces] = useState<Trace[] | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [unreachable, setUnreachable] = useState<string[]>([]);
  const show = (
    answer: { data?: { unreachable: string[] }; error?: Problem },
    found: Trace[] | undefined,
  ) => {
    setProblem(answer.error);
    setTraces(found);
    setUnreachable(answer.data?.unreachable ?? []);
  };
  const load = async (event?: Event) => {
    event?.preventDefault();
    const answer = await api.GET('/api/admin/traces', {
      params: { query: id.trim() ? { orderId: id.trim() } : { recent: 10 } },
    });
    show(answer, answer.data?.items);
  };
  const loadTrace = async (wanted: string) => {
    const answer = await api.GET('/api/admin/traces/{traceId}', { params: { path: { traceId: wanted } } });
    show(answer, answer.data ? [answer.data] : undefined);
  };
  useEffect(() => {
    void (traceId && !orderId ? loadTrace(traceId) : load());
  }, [orderId, traceId]);
  return (
    <>
      <h1 tabIndex={-1}>Traces</h1>
      <form class="card" onSubmit={load}>
        <Field
          label="Order id"
          name="trace-order"
          value={id}
          onInput={setId}
          required={false}
          hint="Empty: the gateway's latest requests. Spans are kept in memory, the latest few thousand per service."
        />
        <button type="submit" class="primary">
          Show traces
        </button>
      </form>
      <ProblemMessage problem={problem} />
      {unreachable.length > 0 && (
        <p class="notice">Not answering (their spans are missing): {unreachable.join(', ')}</p>
      )}
      {traces && traces.length === 0 && <p role="status">No trace found.</p>}
      {traces?.map((trace) => (
        <div key={trace.traceId}>
          <p class="muted">Started {clock(trace.start)}</p>
          <Waterfall trace={trace} />
        </div>
      ))}
    </>
  );
}
