import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import {
  contextFromHeaders,
  contextFromTraceparent,
  injectTraceHeaders,
  installContextManager,
  traceparentOf,
} from '../src/index.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const PARENT = `00-${TRACE}-${SPAN}-01`;

installContextManager();

describe('trace context to and from an envelope or headers', () => {
  it("given an envelope's traceparent, when a context is made from it, then its span context is the sender's", () => {
    const remote = trace.getSpanContext(contextFromTraceparent(PARENT, ROOT_CONTEXT));
    assert.deepEqual(
      {
        traceId: remote?.traceId,
        spanId: remote?.spanId,
        sampled: remote?.traceFlags,
        isRemote: remote?.isRemote,
      },
      { traceId: TRACE, spanId: SPAN, sampled: TraceFlags.SAMPLED, isRemote: true },
    );
  });

  it('given that context, when the traceparent is read back, then it is the same value', () => {
    assert.equal(traceparentOf(contextFromTraceparent(PARENT, ROOT_CONTEXT)), PARENT);
  });

  it('given no span, then there is no traceparent to send', () => {
    assert.equal(traceparentOf(ROOT_CONTEXT), undefined);
  });

  it('given a missing or malformed traceparent, then the base context is kept as it is', () => {
    assert.equal(contextFromTraceparent(undefined, ROOT_CONTEXT), ROOT_CONTEXT);
    assert.equal(trace.getSpanContext(contextFromTraceparent('00-nonsense', ROOT_CONTEXT)), undefined);
  });

  it("given outgoing headers that carry a caller's traceparent, when injected, then ours replaces it", () => {
    const ours = `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`;
    const headers: Record<string, string> = {
      traceparent: PARENT,
      tracestate: 'x=1',
      accept: 'application/json',
    };
    injectTraceHeaders(headers, contextFromTraceparent(ours, ROOT_CONTEXT));
    assert.equal(headers.traceparent, ours);
    assert.equal(headers.tracestate, undefined);
    assert.equal(headers.accept, 'application/json');
  });

  it('given incoming headers with a traceparent, then the request continues that trace', () => {
    const context = contextFromHeaders({ traceparent: PARENT, host: 'x' }, ROOT_CONTEXT);
    assert.equal(trace.getSpanContext(context)?.traceId, TRACE);
  });
});
