import { setTimeout as sleep } from 'node:timers/promises';
import { writeEndpointsFile } from '@bazaar/load-balancer';
import { relaySiblingQuestions, type SiblingRelay } from '@bazaar/service-host';
import { portOutsideEphemeralRange } from '../ports.js';
import { type ClusterService, START_PHASES } from './args.js';
import { type Exit, Instance, type OutputSink } from './instance.js';

export interface SupervisorOptions {
  instances: Record<ClusterService, number>;
  /** What every process inherits; the supervisor adds addresses, ports and the endpoints file. */
  env: NodeJS.ProcessEnv;
  /** The gateway's public address. */
  host: string;
  port: number;
  /** Each stopping instance keeps serving, not-ready, this long (SHUTDOWN_DRAIN_MS). */
  drainMs: number;
  endpointsFile: string;
  log: (line: string) => void;
  output: OutputSink;
  /** How long an instance may take to become ready before it counts as failed. */
  readyTimeoutMs?: number;
}

/** Longer than the 250 ms in which every reader of the endpoints file polls it, with room for a busy loop. */
const ENDPOINTS_SETTLE_MS = 1_000;
/** Crashes of one instance within this window make its next restart wait longer. */
const CRASH_WINDOW_MS = 60_000;
const MAX_RESTART_DELAY_MS = 10_000;

interface Slot {
  service: ClusterService;
  ordinal: number;
  port: number | undefined;
  instance: Instance;
  crashes: number[];
  restarts: number;
  restartTimer: NodeJS.Timeout | undefined;
}

export interface InstanceStatus {
  label: string;
  service: ClusterService;
  url: string | undefined;
  pid: number | undefined;
  state: string;
  restarts: number;
  upSeconds: number;
}

/**
 * Runs every service of the system as processes of their own: starts them in dependency order, tells every
 * process where the others are (the endpoints file the balancers follow), restarts a crashed instance after
 * a pause that grows while it keeps crashing, replaces a service's instances one at a time on request, and
 * stops everything in the reverse order. Gateway instances are node:cluster workers sharing one port.
 */
export class Supervisor {
  private readonly slots = new Map<ClusterService, Slot[]>();
  /** Instances that serve traffic now, per service: what the endpoints file says. */
  private readonly registered = new Map<ClusterService, string[]>();
  private readonly live = new Set<Instance>();
  private readonly portsTaken = new Set<number>();
  private stopping = false;
  private restartQueue: Promise<unknown> = Promise.resolve();
  private readonly readyTimeoutMs: number;
  /** The gateway's workers ask each other (their recent spans) through this process, their primary. */
  private readonly siblingRelay: SiblingRelay;

  constructor(private readonly options: SupervisorOptions) {
    this.readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
    this.siblingRelay = relaySiblingQuestions();
  }

  /** Starts everything; on a failure, stops what started and rejects. */
  async start(): Promise<void> {
    // Every instance's address is known before any starts, so each can be told where the others are
    // (tokens are checked against identity's keys only at the first request, by then identity is ready).
    const plan: { service: ClusterService; ordinal: number; port: number | undefined }[] = [];
    for (const phase of START_PHASES)
      for (const service of phase)
        for (let ordinal = 1; ordinal <= this.options.instances[service]; ordinal++)
          plan.push({ service, ordinal, port: service === 'gateway' ? undefined : await this.freePort() });
    for (const entry of plan) {
      if (entry.port === undefined) continue;
      const urls = this.registered.get(entry.service) ?? [];
      urls.push(`http://127.0.0.1:${entry.port}`);
      this.registered.set(entry.service, urls);
    }
    this.writeEndpoints();
    try {
      for (const phase of START_PHASES) {
        // The first instance of each service alone migrates its database; the others start after it.
        for (const first of [true, false]) {
          const starting = plan
            .filter((entry) => (phase as readonly string[]).includes(entry.service))
            .filter((entry) => (entry.ordinal === 1) === first)
            .map((entry) => this.addSlot(entry.service, entry.ordinal, entry.port));
          await Promise.all(starting.map((slot) => slot.instance.ready(this.readyTimeoutMs)));
        }
      }
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  status(): InstanceStatus[] {
    return [...this.slots.values()].flat().map((slot) => ({
      label: this.labelOf(slot),
      service: slot.service,
      url: slot.instance.url,
      pid: slot.instance.pid,
      state: slot.instance.state,
      restarts: slot.restarts,
      upSeconds: Math.round((Date.now() - slot.instance.startedAt) / 1000),
    }));
  }

  /**
   * Replaces every instance of each service, one at a time: a new instance starts beside the old one, and
   * the old one leaves the endpoints file and drains only once the new one is ready and known to every
   * balancer. Restarts run one after another, never two at once.
   */
  restart(services: readonly ClusterService[], progress: (line: string) => void): Promise<void> {
    const run = async () => {
      for (const service of services)
        for (const slot of this.slots.get(service) ?? []) {
          if (this.stopping) throw new Error('the cluster is stopping');
          await this.replace(slot, progress);
        }
    };
    const done = this.restartQueue.then(run);
    this.restartQueue = done.catch(() => {});
    return done;
  }

  /** Stops every instance, the gateway first and identity last, each draining before it exits. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const slot of [...this.slots.values()].flat()) clearTimeout(slot.restartTimer);
    const grace = this.options.drainMs + 15_000;
    for (const phase of [...START_PHASES].reverse()) {
      const instances = phase.flatMap((service) =>
        (this.slots.get(service) ?? []).map((slot) => slot.instance),
      );
      await Promise.all(instances.map((instance) => instance.stop(grace)));
    }
    // Anything a restart had started meanwhile.
    await Promise.all([...this.live].map((instance) => instance.stop(grace)));
  }

  /** Every process still running, for a forced exit. */
  kill(): void {
    for (const instance of this.live) instance.signal('SIGKILL');
  }

  private async replace(slot: Slot, progress: (line: string) => void): Promise<void> {
    const label = this.labelOf(slot);
    clearTimeout(slot.restartTimer); // a crashed instance waiting for its restart is replaced instead
    const old = slot.instance;
    const port = slot.service === 'gateway' ? undefined : await this.freePort();
    const started = Date.now();
    const fresh = this.launch(slot.service, label, port);
    try {
      await fresh.ready(this.readyTimeoutMs);
    } catch (error) {
      await fresh.stop(1_000);
      throw new Error(
        `${label}: its replacement did not start (${(error as Error).message}); the old one still runs`,
      );
    }
    progress(
      `${label}: new instance ready (pid ${fresh.pid}${port ? `, port ${port}` : ''}) in ${elapsed(started)}`,
    );
    slot.instance = fresh;
    slot.crashes = [];
    this.watch(slot, fresh);
    if (fresh.url && old.url) {
      this.register(slot.service, fresh.url);
      await sleep(ENDPOINTS_SETTLE_MS);
      this.unregister(slot.service, old.url);
      await sleep(ENDPOINTS_SETTLE_MS);
    }
    if (slot.port !== undefined) this.portsTaken.delete(slot.port);
    slot.port = port;
    const draining = Date.now();
    const exit = await old.stop(this.options.drainMs + 15_000);
    progress(
      `${label}: old instance (pid ${old.pid}) drained and exited (${describeExit(exit)}) in ${elapsed(draining)}`,
    );
  }

  private addSlot(service: ClusterService, ordinal: number, port: number | undefined): Slot {
    const label = `${service}#${ordinal}`;
    const slot: Slot = {
      service,
      ordinal,
      port,
      instance: this.launch(service, label, port),
      crashes: [],
      restarts: 0,
      restartTimer: undefined,
    };
    this.watch(slot, slot.instance);
    const slots = this.slots.get(service) ?? [];
    slots.push(slot);
    this.slots.set(service, slots);
    return slot;
  }

  private launch(service: ClusterService, label: string, port: number | undefined): Instance {
    const env = this.childEnv(service);
    const instance =
      port === undefined
        ? Instance.forkGatewayWorker(label, env, this.options.output)
        : Instance.spawnService(service, label, port, env, this.options.output);
    this.live.add(instance);
    void instance.exited.then(() => this.live.delete(instance));
    return instance;
  }

  private watch(slot: Slot, instance: Instance): void {
    void instance.exited.then((exit) => this.onExit(slot, instance, exit));
  }

  private onExit(slot: Slot, instance: Instance, exit: Exit): void {
    if (this.stopping || instance.stopRequested || slot.instance !== instance) return;
    const label = this.labelOf(slot);
    if (exit.code === 2) {
      this.options.log(`${label} refused its configuration (exit code 2); it is not restarted`);
      return;
    }
    const now = Date.now();
    slot.crashes = [...slot.crashes.filter((at) => now - at < CRASH_WINDOW_MS), now];
    const delayMs = Math.min(MAX_RESTART_DELAY_MS, 250 * 2 ** (slot.crashes.length - 1));
    this.options.log(
      `${label} (pid ${instance.pid}) exited (${describeExit(exit)}); starting it again in ${delayMs} ms`,
    );
    slot.restartTimer = setTimeout(() => void this.relaunch(slot), delayMs);
  }

  /** After a crash: the same port (the balancers already know it), a new one if the old one is taken. */
  private async relaunch(slot: Slot): Promise<void> {
    if (this.stopping) return;
    const label = this.labelOf(slot);
    const started = Date.now();
    const instance = this.launch(slot.service, label, slot.port);
    slot.instance = instance;
    slot.restarts += 1;
    this.watch(slot, instance);
    try {
      await instance.ready(this.readyTimeoutMs);
      this.options.log(`${label} is back (pid ${instance.pid}, ready in ${elapsed(started)})`);
    } catch (error) {
      this.options.log(`${label} did not come back: ${(error as Error).message}`);
      if (!instance.exit) instance.signal('SIGKILL'); // its exit schedules the next attempt
      if (slot.port !== undefined && slot.crashes.length >= 3 && !this.stopping) {
        const old = `http://127.0.0.1:${slot.port}`;
        slot.port = await this.freePort();
        this.register(slot.service, `http://127.0.0.1:${slot.port}`);
        this.unregister(slot.service, old);
        this.options.log(`${label} moves to port ${slot.port}`);
      }
    }
  }

  private labelOf(slot: Slot): string {
    return `${slot.service}#${slot.ordinal}`;
  }

  private register(service: ClusterService, url: string): void {
    this.registered.set(service, [...(this.registered.get(service) ?? []), url]);
    this.writeEndpoints();
  }

  private unregister(service: ClusterService, url: string): void {
    this.registered.set(
      service,
      (this.registered.get(service) ?? []).filter((known) => known !== url),
    );
    this.writeEndpoints();
  }

  private writeEndpoints(): void {
    writeEndpointsFile(this.options.endpointsFile, Object.fromEntries(this.registered));
  }

  /** Each process is told every service's instances; the file keeps the lists current after that. */
  private childEnv(service: ClusterService): NodeJS.ProcessEnv {
    const urls = (name: ClusterService) => (this.registered.get(name) ?? []).join(',');
    return {
      ...this.options.env,
      BAZAAR_SUPERVISED: '1',
      BAZAAR_INSTANCE: service,
      WORKERS: '1',
      ENDPOINTS_FILE: this.options.endpointsFile,
      SHUTDOWN_DRAIN_MS: String(this.options.drainMs),
      ...(service === 'gateway'
        ? { HOST: this.options.host, PORT: String(this.options.port), ...this.siblingRelay.workerEnv }
        : { HOST: '127.0.0.1' }),
      IDENTITY_URL: urls('identity'),
      CATALOG_URL: urls('catalog'),
      ORDERING_URL: urls('ordering'),
      INVENTORY_URL: urls('inventory'),
      PAYMENT_URL: urls('payment'),
      SHIPPING_URL: urls('shipping'),
      NOTIFICATION_URL: urls('notification'),
      ANALYTICS_URL: urls('analytics'),
    };
  }

  private async freePort(): Promise<number> {
    for (;;) {
      const port = await portOutsideEphemeralRange();
      if (!this.portsTaken.has(port)) {
        this.portsTaken.add(port);
        return port;
      }
    }
  }
}

const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const describeExit = (exit: Exit) => exit.signal ?? `code ${exit.code}`;
