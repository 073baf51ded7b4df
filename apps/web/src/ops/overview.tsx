import { useRef, useState } from 'preact/hooks';
import { TableHead } from '../common/layout';
import { api } from '../common/session';
import type { Messaging } from '../common/types';
import { Section, usePoll } from '../common/ui';
import { TimeChart } from './chart';
import {
  type HttpTraffic,
  httpTraffic,
  p99Between,
  parsePrometheus,
  type Reading,
  ratePerUpstream,
  reading,
  type ServiceReading,
  serviceTrafficSeries,
} from './prometheus';
import { messagingPath, SERVICES, type Service } from './services';

const EVERY_MS = 2000;
const KEEP = 90;
// Only the families the charts use: the rest of a service's metrics would add weight to every poll.
const HTTP_FAMILIES = 'http_requests_total,http_request_duration_seconds';

/** One instance of a service as the gateway balances it, and why it gave no metrics if it did not. */
interface InstanceView {
  url: string;
  state: 'healthy' | 'unhealthy' | 'ejected';
  error?: string;
}

/** A service's own traffic, charted: its instances now, and a point per poll interval. */
interface OwnTraffic {
  instances: InstanceView[];
  times: number[];
  perSecond: number[];
  p99: (number | null)[];
}

interface Health {
  status: string;
  checks: { name: string; ok: boolean; detail?: string }[];
  dependencies?: { name: string; ok: boolean; detail?: string }[];
}

/** One service's messaging state, from its admin API (through the gateway). */
async function messaging(service: Service): Promise<Messaging | undefined> {
  const { data } = await api.GET(messagingPath(service));
  return data;
}

/**
 * One service's own HTTP metrics from each of its instances (one admin call; the gateway asks them all).
 * Undefined when the call failed: that service's charts wait for the next tick, the others go on.
 */
async function ownMetrics(
  service: Service,
): Promise<{ instances: InstanceView[]; reading: ServiceReading } | undefined> {
  try {
    const { data } = await api.GET('/api/admin/metrics/{service}', {
      params: { path: { service }, query: { names: HTTP_FAMILIES } },
    });
    if (!data) return undefined;
    const traffic = new Map<string, HttpTraffic>();
    const instances: InstanceView[] = [];
    for (const entry of data.instances) {
      if ('metrics' in entry) {
        traffic.set(entry.instance, httpTraffic(parsePrometheus(entry.metrics)));
        instances.push({ url: entry.instance, state: entry.state });
      } else instances.push({ url: entry.instance, state: entry.state, error: entry.error });
    }
    return { instances, reading: { at: Date.now(), instances: traffic } };
  } catch {
    return undefined;
  }
}

const STATE_BADGE = { healthy: 'good', unhealthy: 'bad', ejected: 'wait' } as const;

/** The Instances cell: how many, and their states when there are several or one is not healthy. */
function instanceSummary(instances: readonly InstanceView[]): string {
  const counts = new Map<string, number>();
  for (const instance of instances) {
    const state = instance.error ? `${instance.state}, silent` : instance.state;
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  if (instances.length === 1 && counts.has('healthy')) return '1';
  return `${instances.length} (${[...counts].map(([state, count]) => `${count} ${state}`).join('; ')})`;
}

/** A service's instances with their states, its requests/s and p99 from its own metrics, charted. */
function ServiceTraffic({ service, own }: { service: Service; own: OwnTraffic | undefined }) {
  const rate = own?.perSecond.at(-1);
  const p99 = own?.p99.at(-1);
  const heading = `own-traffic-${service}`;
  return (
    <li aria-labelledby={heading}>
      <h3 id={heading}>{service}</h3>
      <ul class="instances" aria-label={`Instances of ${service}`}>
        {own ? (
          own.instances.map((instance) => (
            <li key={instance.url}>
              <code>{instance.url.replace(/^https?:\/\//, '')}</code>{' '}
              <span class={`badge ${STATE_BADGE[instance.state]}`}>{instance.state}</span>
              {instance.error && <span class="badge bad">no metrics: {instance.error}</span>}
            </li>
          ))
        ) : (
          <li class="muted">…</li>
        )}
      </ul>
      <TimeChart
        title={`${service} requests/s`}
        unit="req/s"
        height={140}
        windowSeconds={(KEEP * EVERY_MS) / 1000}
        times={own?.times ?? []}
        series={[{ name: 'requests/s', values: own?.perSecond ?? [] }]}
        summary={rate === undefined ? 'waiting for a second reading' : `${rate.toFixed(1)}/s now`}
      />
      <TimeChart
        title={`${service} p99`}
        unit="ms"
        height={140}
        windowSeconds={(KEEP * EVERY_MS) / 1000}
        times={own?.times ?? []}
        series={[{ name: 'p99', values: own?.p99 ?? [] }]}
        summary={p99 == null ? `no answers in the last ${EVERY_MS / 1000} s` : `${p99.toFixed(1)} ms now`}
      />
    </li>
  );
}

export function Overview() {
  const [health, setHealth] = useState<Health | undefined>();
  const [states, setStates] = useState<Partial<Record<Service, Messaging>>>({});
  const readings = useRef<Reading[]>([]);
  const ownReadings = useRef(new Map<Service, ServiceReading[]>());
  const [own, setOwn] = useState<Partial<Record<Service, OwnTraffic>>>({});
  const [series, setSeries] = useState<{
    times: number[];
    rates: Map<string, number[]>;
    p99: (number | null)[];
  }>({
    times: [],
    rates: new Map(),
    p99: [],
  });

  usePoll(async () => {
    const [healthAnswer, metricsAnswer, messagingStates, ownAnswers] = await Promise.all([
      fetch('/health').then((response) => response.json() as Promise<Health>),
      fetch('/metrics').then((response) => response.text()),
      Promise.all(SERVICES.map(messaging)),
      Promise.all(SERVICES.map(ownMetrics)),
    ]);
    setHealth(healthAnswer);
    setStates(Object.fromEntries(SERVICES.map((service, index) => [service, messagingStates[index]])));
    const updated: Partial<Record<Service, OwnTraffic>> = {};
    SERVICES.forEach((service, index) => {
      const answer = ownAnswers[index];
      if (!answer) return;
      const kept = [...(ownReadings.current.get(service) ?? []), answer.reading].slice(-(KEEP + 1));
      ownReadings.current.set(service, kept);
      updated[service] = { instances: answer.instances, ...serviceTrafficSeries(kept) };
    });
    setOwn((previous) => ({ ...previous, ...updated }));
    const all = [...readings.current, reading(parsePrometheus(metricsAnswer), Date.now())].slice(-(KEEP + 1));
    readings.current = all;
    const times: number[] = [];
    const rates = new Map<string, number[]>(SERVICES.map((service) => [service, []]));
    const p99: (number | null)[] = [];
    for (let i = 1; i < all.length; i++) {
      times.push(all[i]!.at / 1000);
      const perUpstream = ratePerUpstream(all[i - 1]!, all[i]!);
      for (const service of SERVICES) rates.get(service)!.push(perUpstream.get(service) ?? 0);
      p99.push(p99Between(all[i - 1]!, all[i]!) ?? null);
    }
    setSeries({ times, rates, p99 });
  }, EVERY_MS);

  const latest = readings.current.at(-1);
  const lastRate = (service: string) => series.rates.get(service)?.at(-1);
  const dependency = (service: string) => health?.dependencies?.find((entry) => entry.name === service);
  const busiest = [...series.rates].filter(([, values]) => values.some((value) => value > 0));
  return (
    <>
      <h1 tabIndex={-1}>Services</h1>
      <Section title="Every service">
        <p class="muted">
          The gateway's <code>/health</code> (each upstream's readiness), each service's messaging admin API
          (outbox, consumer lag, dead letters), the instances the gateway balances each service over, and the
          gateway's <code>/metrics</code>; refreshed every 2 s. Gateway:{' '}
          <strong>{health?.status ?? '…'}</strong>
        </p>
        <div class="scroll">
          <table>
            <TableHead
              columns={[
                'Service',
                'Health',
                'Instances',
                ['Requests/s', 'num'],
                ['Outbox backlog', 'num'],
                ['Consumer lag', 'num'],
                ['Dead letters', 'num'],
              ]}
            />
            <tbody>
              {SERVICES.map((service) => {
                const ready = dependency(service);
                const state = states[service];
                const endpoints = latest?.endpoints.get(service);
                const instances = own[service]?.instances;
                const waiting = state?.consumers.reduce((sum, consumer) => sum + consumer.waiting, 0);
                const dead = state?.consumers.reduce((sum, consumer) => sum + consumer.dead, 0) ?? 0;
                return (
                  <tr key={service}>
                    <th scope="row">{service}</th>
                    <td>
                      {ready ? (
                        <span class={`badge ${ready.ok ? 'good' : 'bad'}`} title={ready.detail}>
                          {ready.ok ? 'ready' : 'down'}
                        </span>
                      ) : (
                        '…'
                      )}
                    </td>
                    <td>
                      {instances
                        ? instanceSummary(instances)
                        : endpoints
                          ? Object.entries(endpoints)
                              .filter(([, count]) => count > 0)
                              .map(([stateName, count]) => `${count} ${stateName}`)
                              .join(', ')
                          : '1'}
                    </td>
                    <td class="num">{lastRate(service)?.toFixed(1) ?? '…'}</td>
                    <td class="num">{state?.outbox.pending ?? '…'}</td>
                    <td class="num">{waiting ?? '…'}</td>
                    <td class="num">
                      {dead > 0 ? <a href={`#/dead-letters?service=${service}`}>{dead}</a> : state ? 0 : '…'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Section>
      <Section title="Traffic">
        <div class="split">
          <TimeChart
            title="Requests/s per service, through the gateway"
            unit="req/s"
            windowSeconds={(KEEP * EVERY_MS) / 1000}
            times={series.times}
            series={(busiest.length > 0 ? busiest : [...series.rates].slice(0, 1)).map(([name, values]) => ({
              name,
              values,
            }))}
            summary={
              busiest.map(([name, values]) => `${name} ${values.at(-1)?.toFixed(1)}/s`).join(', ') ||
              'no traffic yet'
            }
          />
          <TimeChart
            title="Gateway p99"
            unit="ms"
            windowSeconds={(KEEP * EVERY_MS) / 1000}
            times={series.times}
            series={[{ name: 'p99', values: series.p99 }]}
            summary={
              series.p99.at(-1) == null
                ? 'no answers in the last 2 s'
                : `${series.p99.at(-1)!.toFixed(1)} ms now`
            }
          />
        </div>
        <p class="muted">
          From the gateway's own metrics (<code>gateway_upstream_requests_total</code>,{' '}
          <code>http_request_duration_seconds</code>): what clients see. Each service's own view follows.
        </p>
      </Section>
      <Section title="Each service's own traffic">
        <p class="muted">
          From every instance's own <code>/metrics</code> (<code>GET /api/admin/metrics/:service</code>):{' '}
          <code>http_requests_total</code> and <code>http_request_duration_seconds</code> summed over its
          routes and instances, health checks and metric scrapes left out; the p99 of each 2 s interval. This
          page's own calls count too: reading each service's messaging state is 0.5 requests/s.
        </p>
        <ul class="service-traffic">
          {SERVICES.map((service) => (
            <ServiceTraffic key={service} service={service} own={own[service]} />
          ))}
        </ul>
      </Section>
    </>
  );
}
