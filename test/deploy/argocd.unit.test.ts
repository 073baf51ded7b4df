// deploy/argocd/application.yaml offline: the Argo CD Application schema (@kubernetes-models/argo-cd, from
// Argo CD's CRDs) and that it deploys this repository's prod overlay the way the overlay needs.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { parse } from 'yaml';
import { type Manifest, parseManifests, schemaProblems } from './support/kubernetes.js';
import { noProblems } from './support/problems.js';
import { REPO_ROOT } from './support/service-config.js';

const APPLICATION = `${REPO_ROOT}deploy/argocd/application.yaml`;
const load = () => parseManifests(readFileSync(APPLICATION, 'utf8'));

/** Whether the Application deploys the prod overlay as it must be deployed. */
function applicationProblems(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  const apps = manifests.filter((m) => m.kind === 'Application') as unknown as (IApplication & Manifest)[];
  if (apps.length !== 1) return [`${apps.length} Applications, expected 1`];
  const [app] = apps as [IApplication & Manifest];
  const source = app.spec.source;
  const path = source?.path ?? '';
  if (path !== 'deploy/k8s/overlays/prod')
    problems.push(`source.path is ${path}, not deploy/k8s/overlays/prod`);
  if (!existsSync(`${REPO_ROOT}${path}/kustomization.yaml`))
    problems.push(`${path} holds no kustomization.yaml`);
  else {
    const overlay = parse(readFileSync(`${REPO_ROOT}${path}/kustomization.yaml`, 'utf8')) as {
      namespace?: string;
      resources?: string[];
    };
    if (app.spec.destination.namespace !== overlay.namespace)
      problems.push(
        `destination.namespace ${app.spec.destination.namespace} is not the overlay's ${overlay.namespace}`,
      );
    const scaled = (overlay.resources ?? [])
      .filter((resource) => resource.endsWith('.yaml'))
      .some((file) =>
        readFileSync(`${REPO_ROOT}${path}/${file}`, 'utf8').includes('kind: HorizontalPodAutoscaler'),
      );
    const ignoresReplicas = (app.spec.ignoreDifferences ?? []).some(
      (d) => d.kind === 'Deployment' && (d.jsonPointers ?? []).includes('/spec/replicas'),
    );
    if (scaled && !ignoresReplicas)
      problems.push(
        'the overlay has autoscalers but /spec/replicas is not ignored: self-heal would undo each scale-up',
      );
  }
  if (!source?.repoURL.includes('REPLACE_ME'))
    problems.push('repoURL is not a marked placeholder (REPLACE_ME)');
  const policy = app.spec.syncPolicy;
  if (policy?.automated?.prune !== true) problems.push('automated sync does not prune');
  if (policy?.automated?.selfHeal !== true) problems.push('automated sync does not self-heal');
  if (!(policy?.syncOptions ?? []).includes('CreateNamespace=true')) problems.push('no CreateNamespace=true');
  return problems;
}

describe('deploy/argocd/application.yaml checked offline', () => {
  it('given the Application, when validated against the Argo CD schema, then it is valid', () => {
    noProblems(schemaProblems(load()));
  });

  it('given the Application, when compared with the repository, then it syncs the prod overlay automatically into its namespace', () => {
    noProblems(applicationProblems(load()));
  });
});

describe('deploy/argocd checks: each reports what it is there to catch', () => {
  it("given prune as the string 'yes', when validated, then the Argo CD schema refuses it", () => {
    const [app] = load() as unknown as [IApplication & Manifest];
    (app.spec.syncPolicy?.automated as { prune: unknown }).prune = 'yes';
    const problems = schemaProblems([app]);
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /Application\/bazaar: .*prune must be boolean/);
  });

  it('given the dev overlay as source, no self-heal and no ignored replicas, when checked, then each is reported', () => {
    const [app] = load() as unknown as [IApplication & Manifest];
    assert.ok(app.spec.source && app.spec.syncPolicy?.automated);
    app.spec.source.path = 'deploy/k8s/overlays/dev';
    app.spec.syncPolicy.automated.selfHeal = false;
    const problems = applicationProblems([app]);
    assert.ok(
      problems.includes('source.path is deploy/k8s/overlays/dev, not deploy/k8s/overlays/prod'),
      problems.join('\n'),
    );
    assert.ok(
      problems.includes("destination.namespace bazaar is not the overlay's bazaar-dev"),
      problems.join('\n'),
    );
    assert.ok(problems.includes('automated sync does not self-heal'));
    const [prod] = load() as unknown as [IApplication & Manifest];
    delete prod.spec.ignoreDifferences;
    assert.deepEqual(applicationProblems([prod]), [
      'the overlay has autoscalers but /spec/replicas is not ignored: self-heal would undo each scale-up',
    ]);
  });
});
