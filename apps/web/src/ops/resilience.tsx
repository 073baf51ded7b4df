import type { Problem } from '@bazaar/client';
import { useState } from 'preact/hooks';
import { TableHead } from '../common/layout';
import { api } from '../common/session';
import type { Resilience } from '../common/types';
import { ProblemMessage, Section, usePoll } from '../common/ui';

const breakerClass = (state: string) => (state === 'closed' ? 'good' : state === 'open' ? 'bad' : 'wait');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/**
 * What this gateway instance's protections are doing (GET /api/admin/resilience), with the switches the
 * admin API has: hold an upstream's breaker open or close it, and rate limiting on or off. The settings
 * themselves (RATE_LIMITS, UPSTREAM_POLICIES, SHED_*) come from the environment at start.
 */
export function ResilienceView() {
  const [state, setState] = useState<Resilience | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const refresh = async () => {
    const { data, error } = await api.GET('/api/admin/resilience');
    if (data) setState(data);
    setProblem(error);
  };
  usePoll(refresh, 2000);
  const act = async (
    call: () => Promise<{ data?: { appliedBy: string[]; missed: string[] }; error?: Problem }>,
  ) => {
    setBusy(true);
    const { data, error } = await call();
    setProblem(error);
    if (data)
      setNotice(
        `Switched in ${data.appliedBy.length} gateway worker${data.appliedBy.length === 1 ? '' : 's'}` +
          (data.missed.length > 0 ? `; not confirmed by ${data.missed.join(', ')}.` : '.'),
      );
    await refresh();
    setBusy(false);
  };
  const setBreaker = (upstream: string, to: 'isolated' | 'closed') =>
    act(() =>
      api.PUT('/api/admin/resilience/upstreams/{upstream}/breaker', {
        params: { path: { upstream } },
        body: { state: to },
      }),
    );
  const setEnforced = (enforced: boolean) =>
    act(() => api.PUT('/api/admin/resilience/rate-limits', { body: { enforced } }));
  if (!state) return problem ? <ProblemMessage problem={problem} /> : <p role="status">Loading…</p>;
  const { rateLimits, shedding, upstreams } = state;
  return (
    <>
      <h1 tabIndex={-1}>Resilience</h1>
      <p class="muted">
        Gateway worker <code>{state.instance}</code>, refreshed every 2 s. The switches act on every worker
        behind this port (separate replicas each have their own). Settings come from <code>RATE_LIMITS</code>,{' '}
        <code>UPSTREAM_POLICIES</code> and <code>SHED_*</code> at start.
      </p>
      <ProblemMessage problem={problem} />
      <p role="status">{notice}</p>
      <Section title="Circuit breakers and bulkheads">
        <div class="scroll">
          <table>
            <TableHead
              columns={[
                'Upstream',
                'Breaker',
                ['In flight / limit', 'num'],
                ['Queued / queue', 'num'],
                ['Retries / requests (10 s)', 'num'],
                'Switch',
              ]}
            />
            <tbody>
              {upstreams.map((upstream) => (
                <tr key={upstream.upstream}>
                  <th scope="row">{upstream.upstream}</th>
                  <td>
                    <span class={`badge ${breakerClass(upstream.breaker)}`}>{upstream.breaker}</span>
                  </td>
                  <td class="num">
                    {upstream.bulkhead.active} / {upstream.bulkhead.limit}
                  </td>
                  <td class="num">
                    {upstream.bulkhead.queued} / {upstream.bulkhead.queue}
                  </td>
                  <td class="num">
                    {upstream.retryBudget.retries} / {upstream.retryBudget.requests}
                  </td>
                  <td class="actions">
                    <button
                      type="button"
                      disabled={busy || upstream.breaker === 'isolated'}
                      aria-label={`Isolate ${upstream.upstream}`}
                      onClick={() => setBreaker(upstream.upstream, 'isolated')}
                    >
                      Isolate
                    </button>
                    <button
                      type="button"
                      disabled={busy || upstream.breaker === 'closed'}
                      aria-label={`Close the breaker of ${upstream.upstream}`}
                      onClick={() => setBreaker(upstream.upstream, 'closed')}
                    >
                      Close
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      <Section title="Rate limits">
        <p>
          <span class={`badge ${rateLimits.enforced ? 'good' : 'bad'}`}>
            {rateLimits.enforced ? 'enforced' : 'switched off'}
          </span>{' '}
          Counters: <strong>{rateLimits.store}</strong>
          {rateLimits.redisConfigured && `, Redis fallbacks ${rateLimits.redisFallbacks}`}{' '}
          <button type="button" disabled={busy} onClick={() => setEnforced(!rateLimits.enforced)}>
            {rateLimits.enforced ? 'Switch rate limits off' : 'Enforce rate limits'}
          </button>
        </p>
        <div class="scroll">
          <table>
            <TableHead
              columns={['Policy', ['Limit / window', 'num'], ['Allowed', 'num'], ['Limited', 'num']]}
            />
            <tbody>
              {Object.entries(rateLimits.policies).map(([name, policy]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td class="num">
                    {policy.limit} / {policy.windowSeconds} s
                  </td>
                  <td class="num">{rateLimits.decisions[name]?.allowed ?? 0}</td>
                  <td class="num">{rateLimits.decisions[name]?.limited ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      <Section title="Load shedding">
        <p>
          <span class={`badge ${shedding.shedding ? 'bad' : 'good'}`}>
            {shedding.shedding ? 'shedding' : 'accepting'}
          </span>
          {shedding.reason && ` (${shedding.reason})`}
        </p>
        <dl class="stats">
          <div>
            <dt>Event-loop delay</dt>
            <dd>
              {shedding.eventLoopDelayMs.toFixed(1)} ms / {shedding.thresholds.eventLoopDelayMs || 'off'}
            </dd>
          </div>
          <div>
            <dt>Heap used</dt>
            <dd>
              {mib(shedding.heapUsedBytes)} /{' '}
              {shedding.thresholds.heapUsedBytes ? mib(shedding.thresholds.heapUsedBytes) : 'off'}
            </dd>
          </div>
          <div>
            <dt>In flight</dt>
            <dd>
              {shedding.inFlight} / {shedding.thresholds.maxInFlight || 'off'}
            </dd>
          </div>
          <div>
            <dt>Shed since start</dt>
            <dd>{shedding.shed.event_loop_delay + shedding.shed.heap + shedding.shed.in_flight}</dd>
          </div>
        </dl>
      </Section>
    </>
  );
}
