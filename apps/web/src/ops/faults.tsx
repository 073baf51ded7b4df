import type { Problem } from '@bazaar/client';
import { useState } from 'preact/hooks';
import { api } from '../common/session';
import type { Fault } from '../common/types';
import { ProblemMessage, Section, usePoll } from '../common/ui';
import { faultPath, faultsPath, SERVICES, type Service } from './services';

const TARGETS = [...SERVICES, 'gateway'] as const;
type Target = Service | 'gateway';

/**
 * Injected faults per service (only with FAULTS_ENABLED=true): the active ones, a form to add one, and a
 * heal button. Without FAULTS_ENABLED the API answers 404 faults-disabled, and the page says so.
 */
export function Faults() {
  const [faults, setFaults] = useState<Partial<Record<Target, Fault[]>>>({});
  const [disabled, setDisabled] = useState<boolean | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [form, setForm] = useState({
    service: 'payment' as Target,
    kind: 'latency',
    target: 'both',
    latencyMs: '200',
    rate: '0.5',
    durationSeconds: '60',
  });
  const load = async () => {
    const answers = await Promise.all(TARGETS.map((service) => api.GET(faultsPath(service))));
    const off = answers.some((answer) => answer.error?.type === 'urn:bazaar:problem:faults-disabled');
    setDisabled(off);
    if (!off)
      setFaults(
        Object.fromEntries(TARGETS.map((service, index) => [service, answers[index]!.data?.items ?? []])),
      );
  };
  usePoll(load, 2000);
  if (disabled === undefined) return <p role="status">Loading…</p>;
  if (disabled)
    return (
      <>
        <h1 tabIndex={-1}>Fault injection</h1>
        <p class="notice">
          Fault injection is off: the system runs without <code>FAULTS_ENABLED=true</code>. Start it with that
          variable (a demo or test system) to make services slow or sick from here.
        </p>
      </>
    );
  const set = (key: keyof typeof form) => (event: Event) =>
    setForm({ ...form, [key]: (event.currentTarget as HTMLInputElement | HTMLSelectElement).value });
  const add = async (event: Event) => {
    event.preventDefault();
    const spec = {
      kind: form.kind as 'latency' | 'error' | 'outage',
      target: form.target as 'http' | 'messages' | 'both',
      ...(form.kind === 'latency' ? { latencyMs: Number(form.latencyMs) } : {}),
      ...(form.kind === 'error' ? { rate: Number(form.rate) } : {}),
      ...(form.durationSeconds ? { durationSeconds: Number(form.durationSeconds) } : {}),
    };
    const { error } = await api.POST(faultsPath(form.service), { body: spec });
    setProblem(error);
    await load();
  };
  const remove = async (service: Target, id: string) => {
    const { error } = await api.DELETE(faultPath(service), { params: { path: { id } } });
    setProblem(error);
    await load();
  };
  const heal = async (service: Target) => {
    const { error } = await api.DELETE(faultsPath(service));
    setProblem(error);
    await load();
  };
  const active = TARGETS.filter((service) => (faults[service]?.length ?? 0) > 0);
  return (
    <>
      <h1 tabIndex={-1}>Fault injection</h1>
      <form class="card" onSubmit={add} aria-labelledby="add-fault">
        <h2 id="add-fault">Add a fault</h2>
        <div class="form-grid">
          <div class="field">
            <label for="fault-service">Service</label>
            <select id="fault-service" value={form.service} onChange={set('service')}>
              {TARGETS.map((service) => (
                <option key={service}>{service}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="fault-kind">Kind</label>
            <select id="fault-kind" value={form.kind} onChange={set('kind')}>
              <option value="latency">latency</option>
              <option value="error">error (503)</option>
              <option value="outage">outage</option>
            </select>
          </div>
          <div class="field">
            <label for="fault-target">Affects</label>
            <select id="fault-target" value={form.target} onChange={set('target')}>
              <option value="both">HTTP and messages</option>
              <option value="http">HTTP answers</option>
              <option value="messages">message handlers</option>
            </select>
          </div>
          {form.kind === 'latency' && (
            <div class="field">
              <label for="fault-latency">Latency (ms)</label>
              <input
                id="fault-latency"
                type="number"
                min={1}
                value={form.latencyMs}
                onInput={set('latencyMs')}
              />
            </div>
          )}
          {form.kind === 'error' && (
            <div class="field">
              <label for="fault-rate">Share of calls (0–1)</label>
              <input
                id="fault-rate"
                type="number"
                min={0}
                max={1}
                step={0.05}
                value={form.rate}
                onInput={set('rate')}
              />
            </div>
          )}
          <div class="field">
            <label for="fault-duration">Heals itself after (s, empty: never)</label>
            <input
              id="fault-duration"
              type="number"
              min={1}
              max={86400}
              value={form.durationSeconds}
              onInput={set('durationSeconds')}
              required={false}
            />
          </div>
        </div>
        <ProblemMessage problem={problem} />
        <button type="submit" class="primary">
          Inject fault
        </button>
      </form>
      <Section title="Active faults">
        {active.length === 0 ? (
          <p>None: every service is healthy as far as injection goes.</p>
        ) : (
          active.map((service) => (
            <div key={service}>
              <h3>
                {service}{' '}
                <button type="button" onClick={() => void heal(service)}>
                  Heal {service}
                </button>
              </h3>
              <ul>
                {faults[service]!.map((fault) => (
                  <li key={fault.id}>
                    {fault.kind} on {fault.target}
                    {fault.latencyMs ? `, ${fault.latencyMs} ms` : ''}
                    {fault.rate !== undefined && fault.kind === 'error' ? `, ${fault.rate * 100} %` : ''},
                    struck {fault.injected} times
                    {fault.expiresAt ? `, until ${new Date(fault.expiresAt).toLocaleTimeString()}` : ''}{' '}
                    <button type="button" class="link" onClick={() => void remove(service, fault.id)}>
                      Remove <span class="skip">{fault.id}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ))
        )}
      </Section>
    </>
  );
}
