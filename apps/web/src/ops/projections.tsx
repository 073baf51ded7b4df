import type { Problem } from '@bazaar/client';
import { useState } from 'preact/hooks';
import { dateTime } from '../common/format';
import { api } from '../common/session';
import type { Projection } from '../common/types';
import { ProblemMessage, usePoll } from '../common/ui';

/** A rebuild's progress: how far its replay has come towards the live read model's position. */
function progress(projection: Projection): number | undefined {
  const rebuild = projection.rebuild;
  if (!rebuild) return undefined;
  const target = Number(rebuild.checkpoint) + rebuild.lagEvents;
  return target === 0 ? 1 : Number(rebuild.checkpoint) / target;
}

export function Projections() {
  const [items, setItems] = useState<Projection[] | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [notice, setNotice] = useState('');
  const load = async () => {
    const { data, error } = await api.GET('/api/admin/projections');
    if (data) setItems(data.items);
    setProblem(error);
  };
  usePoll(load, 1000);
  const rebuild = async (name: string) => {
    const { error, response } = await api.POST('/api/admin/projections/{name}/rebuild', {
      params: { path: { name } },
    });
    setProblem(error);
    if (response.status === 202) setNotice(`Rebuild of ${name} started.`);
    await load();
  };
  return (
    <>
      <h1 tabIndex={-1}>Projections</h1>
      <ProblemMessage problem={problem} />
      <p role="status">{notice}</p>
      {!items ? (
        <p role="status">Loading…</p>
      ) : (
        items.map((projection) => {
          const done = progress(projection);
          return (
            <section key={projection.name} class="card" aria-labelledby={`projection-${projection.name}`}>
              <h2 id={`projection-${projection.name}`}>{projection.name}</h2>
              <dl class="stats">
                <div>
                  <dt>Checkpoint (global position)</dt>
                  <dd>{projection.checkpoint}</dd>
                </div>
                <div>
                  <dt>Lag</dt>
                  <dd>
                    {projection.lagEvents} events, {projection.lagSeconds.toFixed(1)} s
                  </dd>
                </div>
                <div>
                  <dt>Version / generation</dt>
                  <dd>
                    v{projection.version} / g{projection.activeGeneration}
                  </dd>
                </div>
              </dl>
              {projection.rebuild ? (
                <div data-testid={`rebuild-${projection.name}`}>
                  <label for={`progress-${projection.name}`}>
                    Rebuilding generation {projection.rebuild.generation} since{' '}
                    {dateTime(projection.rebuild.startedAt)}: {projection.rebuild.checkpoint},{' '}
                    {projection.rebuild.lagEvents} events to go
                  </label>
                  <progress
                    id={`progress-${projection.name}`}
                    max={1}
                    value={done ?? 0}
                    style={{ width: '100%' }}
                  />
                </div>
              ) : (
                <div class="actions">
                  <button type="button" class="primary" onClick={() => void rebuild(projection.name)}>
                    Rebuild {projection.name}
                  </button>
                  <span class="muted">
                    Replays every event into a new generation, then switches over without downtime.
                  </span>
                </div>
              )}
            </section>
          );
        })
      )}
    </>
  );
}
