import type { Problem } from '@bazaar/client';
import { useState } from 'preact/hooks';
import { clock, dateTime, humanize } from '../common/format';
import { TableHead } from '../common/layout';
import { api } from '../common/session';
import type { SagaDetail, SagaList } from '../common/types';
import { ProblemMessage, Section, usePoll } from '../common/ui';

const STATUSES = ['RUNNING', 'COMPENSATING', 'NEEDS_ATTENTION', 'COMPLETED', 'COMPENSATED'] as const;
type Status = (typeof STATUSES)[number];

export function sagaClass(status: string) {
  if (status === 'COMPLETED') return 'good';
  if (status === 'NEEDS_ATTENTION') return 'bad';
  if (status === 'COMPENSATED') return '';
  return 'wait';
}

/** Sagas by status with the count of each; parked ones first, since they wait for an operator. */
export function Sagas({ status }: { status: Status | undefined }) {
  const [list, setList] = useState<SagaList | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const shown = status ?? 'NEEDS_ATTENTION';
  usePoll(
    async () => {
      const { data, error } = await api.GET('/api/admin/sagas', {
        params: { query: { status: shown, limit: 50 } },
      });
      setList(data);
      setProblem(error);
    },
    2000,
    true,
    [shown],
  );
  return (
    <>
      <h1 tabIndex={-1}>Sagas</h1>
      <nav aria-label="Saga status" class="actions card">
        {STATUSES.map((each) => (
          <a key={each} href={`#/sagas?status=${each}`} aria-current={each === shown ? 'page' : undefined}>
            {humanize(each)} <span class={`badge ${sagaClass(each)}`}>{list?.counts[each] ?? 0}</span>
          </a>
        ))}
      </nav>
      <ProblemMessage problem={problem} />
      <Section title={`${humanize(shown)} sagas`}>
        {!list ? (
          <p role="status">Loading…</p>
        ) : list.items.length === 0 ? (
          <p>None.</p>
        ) : (
          <div class="scroll">
            <table>
              <TableHead columns={['Saga', 'Step', 'Attempt', 'Reason', 'Updated']} />
              <tbody>
                {list.items.map((saga) => (
                  <tr key={saga.id}>
                    <td>
                      <a href={`#/sagas/${saga.id}`}>
                        {saga.saga} {saga.id.slice(0, 8)}
                      </a>
                    </td>
                    <td>{saga.currentStep ?? '–'}</td>
                    <td>{saga.attempt}</td>
                    <td>{saga.failureReason ?? '–'}</td>
                    <td>{dateTime(saga.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </>
  );
}

/** One saga with its full history; a parked one has a retry button. */
export function SagaPage({ id }: { id: string }) {
  const [detail, setDetail] = useState<SagaDetail | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [notice, setNotice] = useState('');
  usePoll(
    async () => {
      const { data, error } = await api.GET('/api/admin/sagas/{id}', { params: { path: { id } } });
      if (data) setDetail(data);
      if (error) setProblem(error);
    },
    1000,
    true,
    [id],
  );
  if (!detail) return problem ? <ProblemMessage problem={problem} /> : <p role="status">Loading…</p>;
  const { saga, history } = detail;
  const retry = async () => {
    const { error, response } = await api.POST('/api/admin/sagas/{id}/retry', { params: { path: { id } } });
    setProblem(error);
    if (response.status === 202) setNotice('Retry started: the saga resumes its compensation.');
  };
  return (
    <>
      <h1 tabIndex={-1}>
        Saga {saga.saga} {saga.id.slice(0, 8)}
      </h1>
      <section class="card" aria-labelledby="saga-state">
        <h2 id="saga-state">State</h2>
        <p aria-live="polite" data-testid="saga-status">
          <span class={`badge ${sagaClass(saga.status)}`}>{saga.status}</span> step {saga.currentStep ?? '–'},
          attempt {saga.attempt}
          {saga.failureReason && <> — {saga.failureReason}</>}
        </p>
        <p>
          <a href={`/#/orders/${saga.id}`}>The order in the shop</a> ·{' '}
          <a href={`#/traces?orderId=${saga.id}`}>its traces</a>
        </p>
        <ProblemMessage problem={problem} />
        {notice && <p role="status">{notice}</p>}
        {saga.status === 'NEEDS_ATTENTION' && (
          <button type="button" class="primary" onClick={() => void retry()}>
            Retry saga
          </button>
        )}
      </section>
      <Section title="History">
        <ol class="steps">
          {history.map((entry, index) => (
            <li key={`${entry.at}-${index}`} class={entry.kind === 'parked' ? 'bad' : ''}>
              <time dateTime={entry.at}>{clock(entry.at)}</time> <strong>{entry.kind}</strong>{' '}
              {entry.step && <span>{entry.step}</span>}
              {entry.detail && <pre>{JSON.stringify(entry.detail, null, 2)}</pre>}
            </li>
          ))}
        </ol>
      </Section>
    </>
  );
}
