import { useRef, useState } from 'preact/hooks';
import { TableHead } from '../common/layout';
import { api } from '../common/session';
import type { Messaging } from '../common/types';
import { Section, usePoll } from '../common/ui';
import { TimeChart } from './chart';
import { p99Between, parsePrometheus, type Reading, ratePerUpstream, reading } from './prometheus';
import { messagingPath, SERVICES, type Service } from './services';

const EVERY_MS = 2000;
const KEEP = 90;

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

export function Overview() {
  const [health, setHealth] = useState<Health | undefined>();
  const [states, setStates] = useState<Partial<Record<Service, Messaging>>>({});
  const readings = useRef<Reading[]>([]);
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
    const [healthAnswer, metricsAnswer, ...messagingStates] = await Promise.all([
      fetch('/health').then((response) => response.json() as Promise<Health>),
      fetch('/metrics').then((response) => response.text()),
      ...SERVICES.map(messaging),
    ]);
    setHealth(healthAnswer);
    setStates(Object.fromEntries(SERVICES.map((service, index) => [service, messagingStates[index]])));
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
          (outbox, consumer lag, dead letters), and the gateway's <code>/metrics</code>; refreshed every 2 s.
          Gateway: <strong>{health?.status ?? '…'}</strong>
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
                      {endpoints
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
          <code>http_request_duration_seconds</code>). Each service's own <code>/metrics</code> is not
          reachable through the gateway, so per-service latency is not shown.
        </p>
      </Section>
      <Section title="Not in the console">
        <ul>
          <li>
            The invariant checker: it reads the databases and has no API route; run{' '}
            <code>npm run check-invariants</code>.
          </li>
          <li>A live tail of the transport's events: the API has no route for it.</li>
        </ul>
      </Section>
    </>
  );
}
