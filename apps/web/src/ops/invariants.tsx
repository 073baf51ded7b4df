import type { Problem } from '@bazaar/client';
import { useState } from 'preact/hooks';
import { dateTime } from '../common/format';
import { TableHead } from '../common/layout';
import { api } from '../common/session';
import type { InvariantReport } from '../common/types';
import { ProblemMessage } from '../common/ui';

/**
 * Runs the checker of "nothing lost" (POST /api/admin/invariants) on demand and shows each verdict with the
 * figures behind it and the first offenders. Where the gateway cannot reach the databases, the API's problem
 * says so and what to run instead.
 */
export function Invariants() {
  const [report, setReport] = useState<InvariantReport | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [running, setRunning] = useState(false);
  const run = async () => {
    setRunning(true);
    const { data, error } = await api.POST('/api/admin/invariants');
    setReport(data);
    setProblem(error);
    setRunning(false);
  };
  return (
    <>
      <h1 tabIndex={-1}>Invariants</h1>
      <p class="muted">
        What “nothing lost” means (DESIGN.md §6), checked against every service’s database. Meant for a quiet
        system: an order still in flight counts against the first two until it settles.
      </p>
      <p>
        <button type="button" class="primary" disabled={running} onClick={run}>
          {running ? 'Checking…' : 'Run the invariant checker'}
        </button>
      </p>
      <ProblemMessage problem={problem} />
      {report && (
        <section class="card" aria-labelledby="invariants-result">
          <h2 id="invariants-result">
            <span class={`badge ${report.ok ? 'good' : 'bad'}`}>{report.ok ? 'all hold' : 'violated'}</span>{' '}
            Checked {dateTime(report.checkedAt)} in {report.durationMs} ms
          </h2>
          <div class="scroll">
            <table>
              <TableHead columns={['#', 'Invariant', 'Verdict', 'Figures', 'First offenders']} />
              <tbody>
                {report.results.map((result) => (
                  <tr key={result.id}>
                    <td>{result.id}</td>
                    <th scope="row">{result.name}</th>
                    <td>
                      <span class={`badge ${result.ok ? 'good' : 'bad'}`}>
                        {result.ok ? 'holds' : 'violated'}
                      </span>
                    </td>
                    <td>
                      {Object.entries(result.counts)
                        .map(([name, value]) => `${name} ${value}`)
                        .join(', ')}
                    </td>
                    <td>
                      {result.violations.length === 0 ? (
                        '—'
                      ) : (
                        <ul>
                          {result.violations.map((violation) => (
                            <li key={violation}>{violation}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
