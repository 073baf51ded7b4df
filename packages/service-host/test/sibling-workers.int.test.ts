import assert from 'node:assert/strict';
import cluster, { type Worker } from 'node:cluster';
import { after, afterEach, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { relaySiblingQuestions, type SiblingAnswers, siblingWorkers } from '../src/index.js';

// Real node:cluster workers (test/fixtures/sibling-worker.ts) with this test process as their primary,
// relaying through relaySiblingQuestions as `WORKERS=N` and the cluster supervisor do.

interface Asked {
  answers?: SiblingAnswers<{ pid: number; heard: number }>;
  elapsedMs?: number;
  error?: string;
  unavailable?: true;
}

type Role = 'answer' | 'silent' | 'throw' | 'exit';

const started: Worker[] = [];
let workerEnv: Readonly<Record<string, string>>;

before(() => {
  workerEnv = relaySiblingQuestions().workerEnv;
  cluster.setupPrimary({
    exec: fileURLToPath(new URL('./fixtures/sibling-worker.ts', import.meta.url)),
    // The fixture is TypeScript, and the test runner's own flags must not reach it.
    execArgv: ['--conditions=bazaar-source', '--import', 'tsx'],
  });
});
afterEach(async () => {
  await Promise.all(
    started.splice(0).map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          worker.once('exit', () => resolve());
          worker.process.kill('SIGKILL');
        }),
    ),
  );
});
after(() => cluster.removeAllListeners());

/** A worker of this process, once it said it is ready (and, with the relay, that it answers). */
async function fork(role: Role, options: { relay?: boolean } = {}): Promise<{ worker: Worker; pid: number }> {
  const worker = cluster.fork({ SIBLING_ROLE: role, ...(options.relay === false ? {} : workerEnv) });
  started.push(worker);
  await nextFixtureMessage(worker, 'ready');
  return { worker, pid: worker.process.pid! };
}

function nextFixtureMessage<T>(worker: Worker, kind: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${kind}' from worker ${worker.id}`)), 20_000);
    const listener = (message: { fixture?: string }) => {
      if (message.fixture !== kind) return;
      clearTimeout(timer);
      worker.off('message', listener);
      resolve(message as T);
    };
    worker.on('message', listener);
  });
}

async function ask(worker: Worker, timeoutMs: number): Promise<Asked> {
  const asked = nextFixtureMessage<Asked>(worker, 'asked');
  worker.send({ fixture: 'ask', timeoutMs });
  return asked;
}

const byWorker = <T extends { worker: number }>(list: readonly T[]) =>
  [...list].sort((a, b) => a.worker - b.worker);

describe('asking sibling workers through the primary', { timeout: 60_000 }, () => {
  it('collects an answer from every other worker, and none from the asker itself', async () => {
    const asker = await fork('answer');
    const first = await fork('answer');
    const second = await fork('answer');

    const { answers, error } = await ask(asker.worker, 1_000);

    assert.equal(error, undefined);
    assert.deepEqual(
      byWorker(answers!.answers),
      byWorker([
        { worker: first.pid, answer: { pid: first.pid, heard: asker.pid } },
        { worker: second.pid, answer: { pid: second.pid, heard: asker.pid } },
      ]),
    );
    assert.deepEqual(answers!.missing, []);
  });

  it('names a silent sibling missing once the timeout passed, with the others’ answers, without hanging', async () => {
    const asker = await fork('answer');
    const talking = await fork('answer');
    const silent = await fork('silent');

    const { answers, elapsedMs } = await ask(asker.worker, 300);

    assert.deepEqual(answers!.answers, [
      { worker: talking.pid, answer: { pid: talking.pid, heard: asker.pid } },
    ]);
    assert.deepEqual(answers!.missing, [{ worker: silent.pid, reason: 'no answer in time' }]);
    assert.ok(elapsedMs! >= 250 && elapsedMs! < 1_000, `answered after ${elapsedMs} ms`);
    // The silent one's answerer still hangs; the next question is relayed as well.
    const again = await ask(talking.worker, 300);
    assert.deepEqual(
      byWorker(again.answers!.answers).map(({ worker }) => worker),
      [asker.pid],
    );
    assert.deepEqual(again.answers!.missing, [{ worker: silent.pid, reason: 'no answer in time' }]);
  });

  it('names a sibling whose answerer throws, and one that exits while asked, without waiting out the timeout', async () => {
    const asker = await fork('answer');
    const broken = await fork('throw');
    const leaving = await fork('exit');

    const { answers, elapsedMs } = await ask(asker.worker, 5_000);

    assert.deepEqual(answers!.answers, []);
    assert.deepEqual(
      byWorker(answers!.missing),
      byWorker([
        { worker: broken.pid, reason: 'Error: this answerer is broken' },
        { worker: leaving.pid, reason: 'exited' },
      ]),
    );
    assert.ok(elapsedMs! < 4_000, `answered after ${elapsedMs} ms`);
  });

  it('answers at once with nobody to ask', async () => {
    const alone = await fork('answer');
    const { answers, elapsedMs } = await ask(alone.worker, 5_000);
    assert.deepEqual(answers, { answers: [], missing: [] });
    assert.ok(elapsedMs! < 1_000, `answered after ${elapsedMs} ms`);
  });

  it('is not there outside a worker, nor in a worker whose primary does not relay', async () => {
    assert.equal(siblingWorkers(), undefined);
    const unrelayed = await fork('answer', { relay: false });
    assert.deepEqual(await ask(unrelayed.worker, 1_000), { fixture: 'asked', unavailable: true });
  });
});
