import type { Problem } from '@bazaar/client';
import { useState } from 'preact/hooks';
import { dateTime, humanize } from '../common/format';
import { TableHead } from '../common/layout';
import { api } from '../common/session';
import type { Analytics } from '../common/types';
import { ProblemMessage, Section, usePoll } from '../common/ui';
import { TimeChart } from './chart';

/** What the analytics service derived from every event (choreography): orders per minute, outcomes, fraud. */
export function AnalyticsView() {
  const [data, setData] = useState<Analytics | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  usePoll(async () => {
    const answer = await api.GET('/api/admin/analytics', { params: { query: { minutes: 30 } } });
    if (answer.data) setData(answer.data);
    setProblem(answer.error);
  }, 5000);
  if (!data) return problem ? <ProblemMessage problem={problem} /> : <p role="status">Loading…</p>;
  const minutes = data.ordersPerMinute;
  const latest = minutes.at(-1);
  const series = (['placed', 'confirmed', 'cancelled'] as const).map((name) => ({
    name,
    values: minutes.map((minute) => minute[name]),
  }));
  return (
    <>
      <h1 tabIndex={-1}>Analytics</h1>
      <Section title="Orders per minute">
        <TimeChart
          title="Orders per minute, last 30 minutes"
          unit="orders"
          windowSeconds={30 * 60}
          times={minutes.map((minute) => Date.parse(minute.minute) / 1000)}
          series={series}
          summary={
            latest
              ? `this minute: ${latest.placed} placed, ${latest.confirmed} confirmed, ${latest.cancelled} cancelled`
              : 'none'
          }
        />
      </Section>
      <div class="split">
        <Section title="Saga outcomes">
          <table>
            <TableHead columns={['Outcome', ['Sagas', 'num']]} />
            <tbody>
              {Object.entries(data.sagaOutcomes).map(([outcome, count]) => (
                <tr key={outcome}>
                  <th scope="row">{humanize(outcome)}</th>
                  <td class="num">{count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
        <Section title="Fraud alerts">
          {data.fraudAlerts.length === 0 ? (
            <p>None (an alert is 3 declined payments of one user within 10 minutes).</p>
          ) : (
            <ul>
              {data.fraudAlerts.map((alert) => (
                <li key={`${alert.userId}-${alert.raisedAt}`}>
                  User {alert.userId.slice(0, 8)}: {alert.declinedPayments} declined payments, raised{' '}
                  {dateTime(alert.raisedAt)}
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
      <Section title="Events seen">
        <dl class="stats">
          {Object.entries(data.eventsSeen).map(([type, count]) => (
            <div key={type}>
              <dt>{type}</dt>
              <dd>{count}</dd>
            </div>
          ))}
        </dl>
      </Section>
    </>
  );
}
