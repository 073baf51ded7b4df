// deploy/k8s offline: each overlay rendered by kustomize (kubectl's, or a standalone one), every object
// validated against the Kubernetes API schemas, and the invariants of Bazaar's deployment checked against
// what the code requires. No cluster is involved: nothing here is applied.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it, type TestContext } from 'node:test';
import type { IDeployment } from 'kubernetes-models/apps/v1';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import {
  containerEnv,
  coverageProblems,
  deploymentProblems,
  deployments,
  envRequirementProblems,
  findRenderer,
  gracePeriodProblems,
  type Manifest,
  networkProblems,
  ofKind,
  parseManifests,
  placeholderProblems,
  productionProblems,
  schemaProblems,
  servedBy,
  serviceProblems,
  sharedSettingProblems,
} from './support/kubernetes.js';
import { noProblems } from './support/problems.js';
import { REPO_ROOT } from './support/service-config.js';

const onCi = process.env.CI === 'true' || process.env.CI === '1';
const renderer = findRenderer();
/** Secrets the prod overlay leaves to be created out of band (deploy/README.md). */
const PROD_EXTERNAL_SECRETS = ['bazaar-backing', 'bazaar-identity'];
const OVERLAYS = ['dev', 'prod'] as const;

const rendered = new Map<string, Manifest[]>();
/** The rendered overlay; skips the test (fails it on CI) when no kustomize is on PATH. */
function render(t: TestContext, dir: string): Manifest[] | undefined {
  if (!renderer) {
    const reason = 'kubectl not on PATH (nor a standalone kustomize): the overlays cannot be rendered';
    if (onCi) assert.fail(`CI=true: ${reason}`);
    t.skip(`${reason}; install kubectl ≥ 1.27 or kustomize 5 to run this check`);
    return undefined;
  }
  if (!rendered.has(dir)) rendered.set(dir, parseManifests(renderer.render(`${REPO_ROOT}deploy/k8s/${dir}`)));
  return rendered.get(dir);
}

/** The base's files as written, without kustomize: enough for the negative cases, which need no renderer. */
function baseFiles(): Manifest[] {
  const dir = `${REPO_ROOT}deploy/k8s/base`;
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
    .flatMap((file) => parseManifests(readFileSync(`${dir}/${file}`, 'utf8')));
}

describe('deploy/k8s: every overlay rendered and checked offline', () => {
  it('given the base files as written, when each object is validated, then the Kubernetes API schemas accept it', () => {
    noProblems(schemaProblems(baseFiles()));
  });

  for (const overlay of ['base', ...OVERLAYS]) {
    const dir = overlay === 'base' ? 'base' : `overlays/${overlay}`;
    const externalSecrets = overlay === 'prod' ? PROD_EXTERNAL_SECRETS : [];

    describe(`${dir}, when rendered with kustomize`, () => {
      it('then every object validates against its Kubernetes API schema', (t) => {
        const manifests = render(t, dir);
        if (!manifests) return;
        assert.ok(manifests.length > 0, 'nothing rendered');
        noProblems(schemaProblems(manifests));
      });

      it('then each service `serve` knows has exactly one Deployment running it', (t) => {
        const manifests = render(t, dir);
        if (manifests) noProblems(coverageProblems(manifests));
      });

      it('then every container has /health/live and /health/ready probes, requests and limits, and a non-root read-only security context', (t) => {
        const manifests = render(t, dir);
        if (manifests) noProblems(deploymentProblems(manifests));
      });

      it("then every Service selects one Deployment's pods and targets its container ports", (t) => {
        const manifests = render(t, dir);
        if (manifests) noProblems(serviceProblems(manifests));
      });

      it('then every variable the code requires is set, every value passes the config schemas, and every *_URL names a Service', (t) => {
        const manifests = render(t, dir);
        if (manifests) noProblems(envRequirementProblems(manifests, externalSecrets));
      });

      it('then the services share one event transport, database server, prefix and token issuer/audience', (t) => {
        const manifests = render(t, dir);
        if (manifests) noProblems(sharedSettingProblems(manifests, externalSecrets));
      });

      it('then terminationGracePeriodSeconds is longer than SHUTDOWN_DRAIN_MS plus the 10 s request drain', (t) => {
        const manifests = render(t, dir);
        if (!manifests) return;
        noProblems(gracePeriodProblems(manifests));
        for (const deployment of deployments(manifests))
          assert.ok(containerEnv(deployment, manifests, externalSecrets).env.has('SHUTDOWN_DRAIN_MS'));
      });

      it('then only the gateway is reachable from outside, and each service only from the services that call it', (t) => {
        const manifests = render(t, dir);
        if (manifests) noProblems(networkProblems(manifests));
      });

      if (overlay === 'prod') {
        it('then every Deployment has ≥ 2 replicas, a CPU autoscaler and a disruption budget, a pinned image, and no Secret is rendered', (t) => {
          const manifests = render(t, dir);
          if (manifests) noProblems(productionProblems(manifests));
        });
      } else {
        it('then every Secret value is marked REPLACE_ME and refused by the config schemas', (t) => {
          const manifests = render(t, dir);
          if (!manifests) return;
          assert.ok(ofKind(manifests, 'Secret').length > 0, 'no Secrets rendered');
          noProblems(placeholderProblems(manifests));
        });
      }

      if (overlay === 'dev') {
        it("then every Deployment runs one replica with limits below the base's", (t) => {
          const manifests = render(t, dir);
          const base = render(t, 'base');
          if (!manifests || !base) return;
          for (const deployment of deployments(manifests)) {
            assert.equal(deployment.spec?.replicas, 1, deployment.metadata.name);
            const limit = deployment.spec?.template.spec?.containers[0]?.resources?.limits?.memory;
            const baseLimit = deployments(base).find((d) => d.metadata.name === deployment.metadata.name)
              ?.spec?.template.spec?.containers[0]?.resources?.limits?.memory;
            assert.ok(
              mebibytes(limit) < mebibytes(baseLimit),
              `${deployment.metadata.name}: ${limit} vs ${baseLimit}`,
            );
          }
        });
      }
    });
  }
});

function mebibytes(quantity: string | number | undefined): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(String(quantity));
  assert.ok(match, `unexpected memory quantity ${quantity}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

describe('deploy/k8s checks: each reports what it is there to catch', () => {
  const fixture = () => structuredClone(baseFiles());
  const deploymentOf = (manifests: Manifest[], service: string) => {
    const found = deployments(manifests).find((d) => servedBy(d) === service);
    assert.ok(found, `no Deployment serves ${service}`);
    return found as IDeployment & Manifest;
  };
  const containerOf = (manifests: Manifest[], service: string) => {
    const container = deploymentOf(manifests, service).spec?.template.spec?.containers[0];
    assert.ok(container);
    return container;
  };

  it('given the base files, when checked as they are, then no check reports anything', () => {
    const manifests = fixture();
    for (const check of [
      deploymentProblems,
      serviceProblems,
      coverageProblems,
      networkProblems,
      gracePeriodProblems,
    ])
      noProblems(check(manifests));
    noProblems(envRequirementProblems(manifests));
    noProblems(placeholderProblems(manifests));
  });

  it('given a Deployment whose replicas is a string, when validated, then the Kubernetes schema refuses it', () => {
    const manifests = fixture();
    (deploymentOf(manifests, 'catalog').spec as { replicas: unknown }).replicas = 'two';
    const problems = schemaProblems(manifests);
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /Deployment\/catalog: .*replicas must be integer/);
  });

  it('given an object of a kind with no schema here, when validated, then it is reported, not passed', () => {
    const problems = schemaProblems([
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
    ]);
    assert.match(problems[0] ?? '', /no schema to validate example.com\/v1 Widget/);
  });

  it('given a container without a readiness probe, when checked, then the missing probe is reported', () => {
    const manifests = fixture();
    delete containerOf(manifests, 'ordering').readinessProbe;
    assert.deepEqual(deploymentProblems(manifests), [
      'Deployment/ordering container ordering: no readinessProbe (httpGet /health/ready)',
    ]);
  });

  it('given a liveness probe on the wrong path, no memory limit, root and a writable root filesystem, when checked, then each is reported', () => {
    const manifests = fixture();
    const container = containerOf(manifests, 'payment');
    assert.ok(container.livenessProbe?.httpGet && container.resources?.limits && container.securityContext);
    container.livenessProbe.httpGet.path = '/health';
    delete container.resources.limits.memory;
    container.securityContext.runAsUser = 0;
    container.securityContext.readOnlyRootFilesystem = false;
    const problems = deploymentProblems(manifests).join('\n');
    assert.match(problems, /livenessProbe checks \/health, not \/health\/live/);
    assert.match(problems, /no resources\.limits\.memory/);
    assert.match(problems, /runAsUser is 0/);
    assert.match(problems, /readOnlyRootFilesystem is not true/);
  });

  it("given a Service whose selector matches no pods and one whose targetPort is not the container's, when checked, then both are reported", () => {
    const manifests = fixture();
    const services = ofKind<{ spec: { selector: Record<string, string>; ports: { targetPort: unknown }[] } }>(
      manifests,
      'Service',
    );
    const [first, second] = services;
    assert.ok(first && second);
    first.spec.selector = { 'app.kubernetes.io/name': 'nobody' };
    const target = second.spec.ports[0];
    assert.ok(target);
    target.targetPort = 'metrics';
    const problems = serviceProblems(manifests).join('\n');
    assert.match(problems, new RegExp(`Service/${first.metadata.name}: selector matches 0 Deployments`));
    assert.match(
      problems,
      new RegExp(`Service/${second.metadata.name}: targetPort metrics is not a container port`),
    );
  });

  it('given ordering without CATALOG_URL in its ConfigMap, when checked, then the variable its schema requires is reported', () => {
    const manifests = fixture();
    const config = ofKind<{ data: Record<string, string> }>(manifests, 'ConfigMap')[0];
    assert.ok(config);
    delete config.data.CATALOG_URL;
    const problems = envRequirementProblems(manifests);
    assert.ok(
      problems.some((p) => /ordering: CATALOG_URL is not set \(required by its config schema\)/.test(p)),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => /gateway: CATALOG_URL is not set/.test(p)),
      problems.join('\n'),
    );
  });

  it('given a PORT that is not a number and a URL to a Service that does not exist, when checked, then both are reported', () => {
    const manifests = fixture();
    const config = ofKind<{ data: Record<string, string> }>(manifests, 'ConfigMap')[0];
    assert.ok(config);
    config.data.PORT = 'http';
    config.data.PAYMENT_URL = 'http://payments:8080';
    const problems = envRequirementProblems(manifests).join('\n');
    assert.match(problems, /PORT: Expected integer \(got "http"\)/);
    assert.match(problems, /PAYMENT_URL names payments, which is no Service/);
  });

  it('given a reference to a Secret that is not rendered, when checked, then it is reported unless the overlay expects it out of band', () => {
    const manifests = fixture().filter(
      (m) => !(m.kind === 'Secret' && m.metadata.name === 'bazaar-identity'),
    );
    assert.ok(
      envRequirementProblems(manifests).some((p) => p.includes('Secret bazaar-identity is not rendered')),
    );
    noProblems(envRequirementProblems(manifests, ['bazaar-identity']));
  });

  it('given one service without AMQP_URL, when checked, then the split transport is reported', () => {
    const manifests = fixture();
    const container = containerOf(manifests, 'shipping');
    container.env = (container.env ?? []).filter((v) => v.name !== 'AMQP_URL');
    const problems = sharedSettingProblems(manifests).join('\n');
    assert.match(problems, /shipping: no AMQP_URL/);
  });

  it('given a grace period of 10 s with a 5 s drain, when checked, then it is reported', () => {
    const manifests = fixture();
    const pod = deploymentOf(manifests, 'inventory').spec?.template.spec;
    assert.ok(pod);
    pod.terminationGracePeriodSeconds = 10;
    assert.deepEqual(gracePeriodProblems(manifests), [
      'Deployment/inventory: terminationGracePeriodSeconds 10 is not more than SHUTDOWN_DRAIN_MS 5 s + 10 s of request drain',
    ]);
  });

  it('given a policy opening catalog to anywhere and none admitting ordering, when checked, then both are reported', () => {
    const manifests = fixture().filter((m) => m.metadata.name !== 'catalog-from-ordering');
    manifests.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'catalog-open' },
      spec: { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'catalog' } }, ingress: [{}] },
    } as INetworkPolicy as Manifest);
    const problems = networkProblems(manifests);
    assert.ok(
      problems.includes('catalog: reachable from anywhere; only the gateway may be'),
      problems.join('\n'),
    );
    assert.ok(problems.includes('catalog: its caller ordering is not admitted'), problems.join('\n'));
  });

  it('given no default-deny policy, when checked, then every pod is open and that is reported', () => {
    const manifests = fixture().filter((m) => m.kind !== 'NetworkPolicy');
    const problems = networkProblems(manifests);
    assert.ok(
      problems.includes('no default-deny ingress NetworkPolicy (empty podSelector, no ingress rules)'),
    );
    assert.ok(problems.includes('identity: reachable from anywhere; only the gateway may be'));
  });

  it('given a policy admitting analytics to payment, when checked, then the extra caller is reported', () => {
    const manifests = fixture();
    manifests.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'payment-from-analytics' },
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'payment' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'analytics' } } }] }],
      },
    } as INetworkPolicy as Manifest);
    assert.deepEqual(networkProblems(manifests), ['payment: admits analytics, which does not call it']);
  });

  it('given the base without prod’s replicas, autoscalers and budgets, when checked as prod, then each is reported', () => {
    const problems = productionProblems(fixture()).join('\n');
    assert.match(problems, /gateway: 1 replica\(s\), expected ≥ 2/);
    assert.match(problems, /catalog: 0 HorizontalPodAutoscalers, expected 1/);
    assert.match(problems, /identity: 0 PodDisruptionBudgets select its pods, expected 1/);
    assert.match(problems, /image bazaar is not pinned to a release tag/);
    assert.match(problems, /prod renders Secrets/);
  });

  it('given a placeholder the schemas accept, when checked, then it is reported', () => {
    const manifests = fixture();
    const secret = ofKind<{ stringData: Record<string, string> }>(manifests, 'Secret').find(
      (s) => s.metadata.name === 'bazaar-identity',
    );
    assert.ok(secret);
    secret.stringData.ADMIN_PASSWORD = 'REPLACE_ME';
    assert.deepEqual(placeholderProblems(manifests), [
      'Secret bazaar-identity: placeholder ADMIN_PASSWORD is accepted by identity',
    ]);
  });
});

describe('deploy/k8s rendering tool', () => {
  it('given this machine, when looking for kustomize, then the tool found is named (or the rendering checks are skipped with that reason)', (t) => {
    if (!renderer) {
      if (onCi) assert.fail('CI=true: kubectl not on PATH (nor a standalone kustomize)');
      t.skip('kubectl not on PATH (nor a standalone kustomize)');
      return;
    }
    t.diagnostic(`rendering with ${renderer.tool}`);
    assert.ok(renderer.tool);
  });
});
