import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Ring } from './span-ring.js';
import { type SpanView, spanView } from './span-view.js';

/** The attribute spans name an order by; `?orderId=` on the admin routes looks for it. */
export const ORDER_ID_ATTRIBUTE = 'bazaar.order_id';

export interface RecentSpansQuery {
  /** Spans of these traces. */
  traceIds?: readonly string[];
  /** Spans of every trace that has a span with this order id (`bazaar.order_id`). */
  orderId?: string;
}

/**
 * A service's most recent finished spans in memory (a ring of `capacity` spans), so the console can show a
 * trace without any collector. A span processor: every ended span is kept as it is and turned into a view
 * only when someone asks.
 */
export class RecentSpans implements SpanProcessor {
  private readonly ring: Ring<ReadableSpan>;

  constructor(readonly capacity: number) {
    this.ring = new Ring(capacity);
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    this.ring.push(span);
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}

  get size(): number {
    return this.ring.length;
  }

  /** The spans the query names, in start order; no criterion gives none. */
  find(query: RecentSpansQuery): SpanView[] {
    const traces = new Set(query.traceIds ?? []);
    if (query.orderId !== undefined) {
      for (const span of this.ring)
        if (span.attributes[ORDER_ID_ATTRIBUTE] === query.orderId) traces.add(span.spanContext().traceId);
    }
    if (traces.size === 0) return [];
    return this.ring
      .filter((span) => traces.has(span.spanContext().traceId))
      .map(spanView)
      .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  }

  /** Ids of the last `limit` traces that a span of `kind` began here (e.g. server: requests served), newest first. */
  recentTraceIds(limit: number, kind?: number): string[] {
    const ids: string[] = [];
    const spans = [...this.ring].reverse();
    for (const span of spans) {
      if (kind !== undefined && span.kind !== kind) continue;
      if (span.parentSpanContext && !span.parentSpanContext.isRemote) continue;
      const id = span.spanContext().traceId;
      if (!ids.includes(id)) ids.push(id);
      if (ids.length >= limit) break;
    }
    return ids;
  }
}
