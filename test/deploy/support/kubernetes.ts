// Offline checks of rendered Kubernetes manifests: the API schemas (kubernetes-models) and the invariants
// Bazaar's deployment must keep. Each check returns its problems as sentences; none means it passes.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler, type IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { type INetworkPolicy, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { type IPodDisruptionBudget, PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import {
  ConfigMap,
  type IConfigMap,
  type IContainer,
  type ISecret,
  type IService,
  Namespace,
  Secret,
  Service,
} from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import {
  callersOf,
  envProblems,
  hasMessaging,
  isServiceName,
  knowsVariable,
  SERVICE_NAMES,
  type ServiceName,
  valueProblems,
} from './service-config.js';

/** What every rendered object has; the kinds below narrow it. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

// ---------- rendering ----------

/** An executable of that name on PATH, or undefined. */
export function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

export type Renderer = { tool: string; render(dir: string): string };

/** kubectl's built-in kustomize, else a standalone kustomize; undefined when neither is on PATH. */
export function findRenderer(): Renderer | undefined {
  const kubectl = onPath('kubectl');
  if (kubectl)
    return {
      tool: 'kubectl kustomize',
      render: (dir) => execFileSync(kubectl, ['kustomize', dir], { encoding: 'utf8', timeout: 60_000 }),
    };
  const kustomize = onPath('kustomize');
  if (kustomize)
    return {
      tool: 'kustomize build',
      render: (dir) => execFileSync(kustomize, ['build', dir], { encoding: 'utf8', timeout: 60_000 }),
    };
  return undefined;
}

export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`YAML: ${document.errors.map(String).join('; ')}`);
      return document.toJS() as Manifest | null;
    })
    .filter((manifest): manifest is Manifest => manifest !== null);
}

// ---------- schemas ----------

type Validatable = { validate(): void };
const MODELS: Record<string, (data: never) => Validatable> = {
  'v1/Namespace': (data) => new Namespace(data),
  'v1/ConfigMap': (data) => new ConfigMap(data),
  'v1/Secret': (data) => new Secret(data),
  'v1/Service': (data) => new Service(data),
  'apps/v1/Deployment': (data) => new Deployment(data),
  'networking.k8s.io/v1/NetworkPolicy': (data) => new NetworkPolicy(data),
  'autoscaling/v2/HorizontalPodAutoscaler': (data) => new HorizontalPodAutoscaler(data),
  'policy/v1/PodDisruptionBudget': (data) => new PodDisruptionBudget(data),
  'argoproj.io/v1alpha1/Application': (data) => new Application(data),
};

const nameOf = (manifest: Manifest) => `${manifest.kind}/${manifest.metadata?.name}`;

/** Each object against its kind's OpenAPI schema; a kind without a schema here is a problem too. */
export function schemaProblems(manifests: Manifest[]): string[] {
  return manifests.flatMap((manifest) => {
    const model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
    if (!model) return [`${nameOf(manifest)}: no schema to validate ${manifest.apiVersion} ${manifest.kind}`];
    try {
      model(structuredClone(manifest) as never).validate();
      return [];
    } catch (error) {
      return [`${nameOf(manifest)}: ${error instanceof Error ? error.message : String(error)}`];
    }
  });
}

// ---------- lookups ----------

export const ofKind = <T>(manifests: Manifest[], kind: string): (T & Manifest)[] =>
  manifests.filter((manifest) => manifest.kind === kind) as (T & Manifest)[];

export const deployments = (manifests: Manifest[]) => ofKind<IDeployment>(manifests, 'Deployment');

/** The service a Deployment serves: its container's first argument (the image's `serve <service>`). */
export function servedBy(deployment: IDeployment): string | undefined {
  return deployment.spec?.template.spec?.containers[0]?.args?.[0];
}

const podLabels = (deployment: IDeployment) => deployment.spec?.template.metadata?.labels ?? {};

type LabelSelector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
};

/** Kubernetes label-selector semantics; an empty selector selects everything. */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const pairs = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const expressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return key in labels && values.includes(labels[key] ?? '');
    if (operator === 'NotIn') return !(key in labels) || !values.includes(labels[key] ?? '');
    if (operator === 'Exists') return key in labels;
    if (operator === 'DoesNotExist') return !(key in labels);
    return false;
  });
  return pairs && expressions;
}

const containerPorts = (deployment: IDeployment) =>
  (deployment.spec?.template.spec?.containers ?? []).flatMap((container) => container.ports ?? []);

const portMatches = (deployment: IDeployment, port: string | number | undefined) =>
  containerPorts(deployment).some((p) =>
    typeof port === 'string' ? p.name === port : p.containerPort === port,
  );

// ---------- Deployments ----------

/** Probes, resources and a non-root, locked-down security context on every container. */
export function deploymentProblems(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  for (const deployment of deployments(manifests)) {
    const name = nameOf(deployment);
    const pod = deployment.spec?.template.spec;
    const containers = pod?.containers ?? [];
    if (containers.length === 0) problems.push(`${name}: no containers`);
    const writable = new Set(
      (pod?.volumes ?? []).filter((volume) => volume.emptyDir !== undefined).map((volume) => volume.name),
    );
    for (const container of containers) {
      const where = `${name} container ${container.name}`;
      for (const [probe, path] of [
        ['livenessProbe', '/health/live'],
        ['readinessProbe', '/health/ready'],
      ] as const) {
        const check = container[probe]?.httpGet;
        if (!check) problems.push(`${where}: no ${probe} (httpGet ${path})`);
        else {
          if (check.path !== path) problems.push(`${where}: ${probe} checks ${check.path}, not ${path}`);
          if (!portMatches(deployment, check.port))
            problems.push(`${where}: ${probe} port ${check.port} is not a container port`);
        }
      }
      for (const bound of ['requests', 'limits'] as const)
        for (const resource of ['cpu', 'memory'])
          if (container.resources?.[bound]?.[resource] === undefined)
            problems.push(`${where}: no resources.${bound}.${resource}`);
      const own = container.securityContext ?? {};
      const podContext = pod?.securityContext ?? {};
      const runAsNonRoot = own.runAsNonRoot ?? podContext.runAsNonRoot;
      const runAsUser = own.runAsUser ?? podContext.runAsUser;
      if (runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot is not true`);
      if (runAsUser === undefined || runAsUser === 0)
        problems.push(`${where}: runAsUser is ${runAsUser ?? 'unset'} (a non-zero uid is required)`);
      if (own.allowPrivilegeEscalation !== false)
        problems.push(`${where}: allowPrivilegeEscalation is not false`);
      if (!own.capabilities?.drop?.includes('ALL')) problems.push(`${where}: capabilities do not drop ALL`);
      if (own.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem is not true`);
      else if (!(container.volumeMounts ?? []).some((m) => m.mountPath === '/tmp' && writable.has(m.name)))
        problems.push(`${where}: read-only root filesystem without a writable emptyDir at /tmp`);
    }
  }
  return problems;
}

/** Which Deployment serves which service: each of `serve`'s services exactly once, nothing unknown. */
export function coverageProblems(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  const served = deployments(manifests).map((deployment) => servedBy(deployment) ?? '(no args)');
  for (const name of SERVICE_NAMES) {
    const count = served.filter((service) => service === name).length;
    if (count !== 1) problems.push(`${name}: served by ${count} Deployments, expected 1`);
  }
  for (const service of served)
    if (!isServiceName(service)) problems.push(`a Deployment serves '${service}', which serve does not know`);
  return problems;
}

/** SHUTDOWN_DRAIN_MS of serving while not ready, then up to 10 s for requests in flight (service host). */
export const REQUEST_DRAIN_SECONDS = 10;

export function gracePeriodProblems(manifests: Manifest[]): string[] {
  return deployments(manifests).flatMap((deployment) => {
    const env = containerEnv(deployment, manifests).env;
    const drainSeconds = Number(env.get('SHUTDOWN_DRAIN_MS')?.value ?? 0) / 1000;
    const grace = deployment.spec?.template.spec?.terminationGracePeriodSeconds ?? 30;
    return grace > drainSeconds + REQUEST_DRAIN_SECONDS
      ? []
      : [
          `${nameOf(deployment)}: terminationGracePeriodSeconds ${grace} is not more than SHUTDOWN_DRAIN_MS ${drainSeconds} s + ${REQUEST_DRAIN_SECONDS} s of request drain`,
        ];
  });
}

// ---------- Services ----------

/** Every Service selects exactly one Deployment's pods, and its targetPorts are that Deployment's ports. */
export function serviceProblems(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  for (const service of ofKind<IService>(manifests, 'Service')) {
    const selector = service.spec?.selector;
    if (!selector || Object.keys(selector).length === 0) {
      problems.push(`${nameOf(service)}: no selector`);
      continue;
    }
    const matched = deployments(manifests).filter((d) => selects({ matchLabels: selector }, podLabels(d)));
    if (matched.length !== 1) {
      problems.push(`${nameOf(service)}: selector matches ${matched.length} Deployments' pods, expected 1`);
      continue;
    }
    const [deployment] = matched as [IDeployment & Manifest];
    for (const port of service.spec?.ports ?? []) {
      const target = port.targetPort ?? port.port;
      if (!portMatches(deployment, target))
        problems.push(
          `${nameOf(service)}: targetPort ${target} is not a container port of ${nameOf(deployment)}`,
        );
    }
  }
  return problems;
}

// ---------- environment ----------

export type EnvSource = { value?: string; from: string; secret?: { name: string; key: string } };

/**
 * The environment a Deployment's container gets: envFrom ConfigMaps and Secrets, then env (which wins).
 * A reference to a ConfigMap, Secret or key that is not rendered is a problem, unless the Secret is one
 * the overlay expects to be created out of band (its value is then unknown).
 */
export function containerEnv(
  deployment: IDeployment,
  manifests: Manifest[],
  externalSecrets: readonly string[] = [],
): { env: Map<string, EnvSource>; problems: string[] } {
  const env = new Map<string, EnvSource>();
  const problems: string[] = [];
  const where = nameOf(deployment as IDeployment & Manifest);
  const configMap = (name: string) =>
    ofKind<IConfigMap>(manifests, 'ConfigMap').find((m) => m.metadata.name === name);
  const secret = (name: string) => ofKind<ISecret>(manifests, 'Secret').find((s) => s.metadata.name === name);
  const secretData = (found: ISecret): Record<string, string> => ({
    ...Object.fromEntries(
      Object.entries(found.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
    ),
    ...(found.stringData ?? {}),
  });
  const fromSecret = (name: string, key: string): EnvSource | undefined => {
    const found = secret(name);
    if (!found) {
      if (externalSecrets.includes(name))
        return { from: `Secret ${name} (created out of band)`, secret: { name, key } };
      problems.push(`${where}: Secret ${name} is not rendered`);
      return undefined;
    }
    const data = secretData(found);
    if (!(key in data)) {
      problems.push(`${where}: Secret ${name} has no key ${key}`);
      return undefined;
    }
    return { value: data[key], from: `Secret ${name}`, secret: { name, key } };
  };
  const container: IContainer | undefined = deployment.spec?.template.spec?.containers[0];
  for (const source of container?.envFrom ?? []) {
    if (source.configMapRef) {
      const found = configMap(source.configMapRef.name ?? '');
      if (!found) problems.push(`${where}: ConfigMap ${source.configMapRef.name} is not rendered`);
      for (const [key, value] of Object.entries(found?.data ?? {}))
        env.set(key, { value, from: `ConfigMap ${source.configMapRef.name}` });
    }
    if (source.secretRef) {
      const name = source.secretRef.name ?? '';
      const found = secret(name);
      if (!found && !externalSecrets.includes(name))
        problems.push(`${where}: Secret ${name} is not rendered`);
      for (const [key, value] of Object.entries(found ? secretData(found) : {}))
        env.set(key, { value, from: `Secret ${name}`, secret: { name, key } });
    }
  }
  for (const variable of container?.env ?? []) {
    const ref = variable.valueFrom;
    if (variable.value !== undefined) env.set(variable.name, { value: variable.value, from: 'env' });
    else if (ref?.secretKeyRef) {
      const found = fromSecret(ref.secretKeyRef.name ?? '', ref.secretKeyRef.key);
      if (found) env.set(variable.name, found);
    } else if (ref?.configMapKeyRef) {
      const value = configMap(ref.configMapKeyRef.name ?? '')?.data?.[ref.configMapKeyRef.key];
      if (value === undefined)
        problems.push(
          `${where}: ConfigMap key ${ref.configMapKeyRef.name}/${ref.configMapKeyRef.key} is not rendered`,
        );
      else env.set(variable.name, { value, from: `ConfigMap ${ref.configMapKeyRef.name}` });
    }
  }
  return { env, problems };
}

/** Valid stand-ins for values held in Secrets (placeholders in the manifests, unknown in prod). */
const SECRET_SAMPLES: Record<string, string> = {
  DATABASE_URL: 'postgres://bazaar:secret@postgres.example.internal:5432/postgres',
  AMQP_URL: 'amqp://bazaar:secret@rabbitmq.example.internal:5672',
  REDIS_URL: 'redis://:secret@redis.example.internal:6379',
  ADMIN_PASSWORD: 'a-long-enough-password',
};

/**
 * Every variable the code requires is given to the container that serves it, every value given passes
 * the schemas (Secret-held values are checked separately: they are placeholders here), the container
 * listens on 0.0.0.0 at its declared port, and every `<SERVICE>_URL` names a rendered Service and port.
 */
export function envRequirementProblems(
  manifests: Manifest[],
  externalSecrets: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  for (const deployment of deployments(manifests)) {
    const service = servedBy(deployment) ?? '';
    if (!isServiceName(service)) continue;
    const { env, problems: refs } = containerEnv(deployment, manifests, externalSecrets);
    problems.push(...refs);
    const values = Object.fromEntries(
      [...env].map(([key, source]) => [
        key,
        source.secret ? (SECRET_SAMPLES[key] ?? 'sample') : source.value,
      ]),
    );
    problems.push(...envProblems(service, values).map((p) => `${nameOf(deployment)}: ${p}`));
    if (values.HOST !== '0.0.0.0')
      problems.push(`${nameOf(deployment)}: HOST is ${values.HOST}, not 0.0.0.0`);
    if (!portMatches(deployment, Number(values.PORT)))
      problems.push(`${nameOf(deployment)}: PORT ${values.PORT} is not a container port`);
    for (const [key, value] of Object.entries(values)) {
      const target = /^([A-Z]+)_URL$/.exec(key)?.[1]?.toLowerCase();
      if (!target || !isServiceName(target) || value === undefined) continue;
      for (const url of value.split(',').map((part) => new URL(part.trim()))) {
        const found = ofKind<IService>(manifests, 'Service').find((s) => s.metadata.name === url.hostname);
        if (!found) problems.push(`${nameOf(deployment)}: ${key} names ${url.hostname}, which is no Service`);
        else if (!(found.spec?.ports ?? []).some((p) => p.port === Number(url.port || 80)))
          problems.push(
            `${nameOf(deployment)}: ${key} uses port ${url.port}, which Service ${url.hostname} lacks`,
          );
        else {
          const backing = deployments(manifests).find((d) =>
            selects({ matchLabels: found.spec?.selector }, podLabels(d)),
          );
          if (!backing || servedBy(backing) !== target)
            problems.push(
              `${nameOf(deployment)}: ${key} points at Service ${url.hostname}, which does not serve ${target}`,
            );
        }
      }
    }
  }
  return problems;
}

/** Services that must agree: one event transport and one system prefix, and one token issuer/audience. */
export function sharedSettingProblems(
  manifests: Manifest[],
  externalSecrets: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  const all = deployments(manifests)
    .map((deployment) => ({ deployment, service: servedBy(deployment) ?? '' }))
    .filter((entry): entry is { deployment: IDeployment & Manifest; service: ServiceName } =>
      isServiceName(entry.service),
    )
    .map((entry) => ({ ...entry, env: containerEnv(entry.deployment, manifests, externalSecrets).env }));
  const describe = (source: EnvSource | undefined) =>
    source?.secret ? `secret ${source.secret.name}/${source.secret.key}` : String(source?.value);
  const agree = (key: string, members: typeof all) => {
    const seen = new Set(members.map((member) => describe(member.env.get(key))));
    if (seen.size > 1) problems.push(`${key} differs between services: ${[...seen].join(' / ')}`);
  };
  const messaging = all.filter((entry) => hasMessaging(entry.service));
  agree('AMQP_URL', messaging);
  agree('DATABASE_URL', messaging);
  agree('BAZAAR_DB_PREFIX', messaging);
  agree('JWT_ISSUER', all);
  agree('JWT_AUDIENCE', all);
  for (const entry of messaging)
    if (!entry.env.has('AMQP_URL'))
      problems.push(
        `${entry.service}: no AMQP_URL, so it would use the PostgreSQL message store while others use RabbitMQ`,
      );
  return problems;
}

/** A Secret value that the config schemas accept is no safe placeholder: a forgotten one would run. */
export function placeholderProblems(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  for (const found of ofKind<ISecret>(manifests, 'Secret')) {
    for (const [key, value] of Object.entries(found.stringData ?? {})) {
      if (!value.includes('REPLACE_ME')) {
        problems.push(`Secret ${found.metadata.name}: ${key} is not marked REPLACE_ME`);
        continue;
      }
      const accepted = SERVICE_NAMES.filter(
        (service) => knowsVariable(service, key) && valueProblems(service, key, value).length === 0,
      );
      if (accepted.length > 0)
        problems.push(
          `Secret ${found.metadata.name}: placeholder ${key} is accepted by ${accepted.join(', ')}`,
        );
    }
  }
  return problems;
}

// ---------- NetworkPolicies ----------

export type Peer =
  | { kind: 'anywhere' }
  | { kind: 'pods'; services: string[] }
  | { kind: 'external'; peer: string };

/**
 * Who may open a connection to the pods of a Deployment, by the NetworkPolicies: 'anywhere' when no policy
 * isolates them or a rule admits all sources or an ipBlock; pods of this namespace by the service they
 * serve; other namespaces' pods described by their selectors.
 */
export function ingressPeers(deployment: IDeployment, manifests: Manifest[]): Peer[] {
  const labels = podLabels(deployment);
  const policies = ofKind<INetworkPolicy>(manifests, 'NetworkPolicy').filter(
    (policy) =>
      selects(policy.spec?.podSelector, labels) &&
      (policy.spec?.policyTypes ?? (policy.spec?.ingress ? ['Ingress'] : [])).includes('Ingress'),
  );
  if (policies.length === 0) return [{ kind: 'anywhere' }];
  const peers: Peer[] = [];
  for (const rule of policies.flatMap((policy) => policy.spec?.ingress ?? [])) {
    if (!rule.from || rule.from.length === 0) peers.push({ kind: 'anywhere' });
    for (const peer of rule.from ?? []) {
      if (peer.ipBlock) peers.push({ kind: 'anywhere' });
      else if (peer.namespaceSelector) peers.push({ kind: 'external', peer: JSON.stringify(peer) });
      else if (peer.podSelector)
        peers.push({
          kind: 'pods',
          services: deployments(manifests)
            .filter((other) => selects(peer.podSelector, podLabels(other)))
            .map((other) => servedBy(other) ?? nameOf(other)),
        });
    }
  }
  return peers;
}

/** The one peer from outside the namespace allowed everywhere: Prometheus scraping /metrics. */
export const PROMETHEUS_PEER = JSON.stringify({
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
});

/**
 * Only the gateway is reachable from anywhere; every other service exactly from the services that call
 * it (derived from the URL variables the code requires) and from Prometheus.
 */
export function networkProblems(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  const policies = ofKind<INetworkPolicy>(manifests, 'NetworkPolicy');
  const selectsAll = (policy: INetworkPolicy) =>
    policy.spec !== undefined && Object.keys(policy.spec.podSelector).length === 0;
  const denies = (policy: INetworkPolicy) =>
    (policy.spec?.policyTypes ?? []).includes('Ingress') && (policy.spec?.ingress ?? []).length === 0;
  if (!policies.some((policy) => selectsAll(policy) && denies(policy)))
    problems.push('no default-deny ingress NetworkPolicy (empty podSelector, no ingress rules)');
  for (const deployment of deployments(manifests)) {
    const service = servedBy(deployment) ?? '';
    if (!isServiceName(service)) continue;
    const peers = ingressPeers(deployment, manifests);
    const open = peers.some((peer) => peer.kind === 'anywhere');
    if (service === 'gateway') {
      if (!open) problems.push('gateway: not reachable from outside the namespace');
      continue;
    }
    if (open) problems.push(`${service}: reachable from anywhere; only the gateway may be`);
    const admitted = new Set(peers.flatMap((peer) => (peer.kind === 'pods' ? peer.services : [])));
    const expected = new Set(callersOf(service));
    for (const caller of expected)
      if (!admitted.has(caller)) problems.push(`${service}: its caller ${caller} is not admitted`);
    for (const other of admitted)
      if (!expected.has(other as ServiceName))
        problems.push(`${service}: admits ${other}, which does not call it`);
    for (const peer of peers)
      if (peer.kind === 'external' && peer.peer !== PROMETHEUS_PEER)
        problems.push(`${service}: admits pods of other namespaces: ${peer.peer}`);
  }
  return problems;
}

// ---------- prod ----------

/** At least two replicas, an autoscaler on CPU and a disruption budget for every Deployment; a pinned image. */
export function productionProblems(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  const autoscalers = ofKind<IHorizontalPodAutoscaler>(manifests, 'HorizontalPodAutoscaler');
  const budgets = ofKind<IPodDisruptionBudget>(manifests, 'PodDisruptionBudget');
  for (const deployment of deployments(manifests)) {
    const name = deployment.metadata.name;
    if ((deployment.spec?.replicas ?? 1) < 2)
      problems.push(`${name}: ${deployment.spec?.replicas ?? 1} replica(s), expected ≥ 2`);
    const hpa = autoscalers.filter(
      (h) => h.spec?.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === name,
    );
    if (hpa.length !== 1) problems.push(`${name}: ${hpa.length} HorizontalPodAutoscalers, expected 1`);
    for (const h of hpa) {
      if ((h.spec?.minReplicas ?? 1) < 2)
        problems.push(`${name}: autoscaler minReplicas ${h.spec?.minReplicas ?? 1} < 2`);
      if (!(h.spec?.metrics ?? []).some((m) => m.type === 'Resource' && m.resource?.name === 'cpu'))
        problems.push(`${name}: autoscaler does not scale on CPU`);
    }
    const pdb = budgets.filter((b) => selects(b.spec?.selector, podLabels(deployment)));
    if (pdb.length !== 1)
      problems.push(`${name}: ${pdb.length} PodDisruptionBudgets select its pods, expected 1`);
    for (const b of pdb)
      if (b.spec?.minAvailable !== 1)
        problems.push(`${name}: PDB minAvailable ${b.spec?.minAvailable}, expected 1`);
    for (const container of deployment.spec?.template.spec?.containers ?? []) {
      const tag = /:([^:/@]+)$/.exec(container.image ?? '')?.[1];
      if (!tag || tag === 'latest' || tag === 'local')
        problems.push(`${name}: image ${container.image} is not pinned to a release tag`);
    }
  }
  if (ofKind<ISecret>(manifests, 'Secret').length > 0)
    problems.push('prod renders Secrets (placeholders must not reach prod)');
  return problems;
}
