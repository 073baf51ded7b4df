import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  alertsAfterDecline,
  alertsAfterDeclines,
  DEFAULT_FRAUD_RULE,
  type FraudAlert,
  firstDeclinePerOrder,
  horizonOf,
  horizonsOfUsers,
} from '../src/domain/fraud-rule.js';

const T0 = Date.parse('2026-11-25T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

/**
 * Feeds declines (minutes after T0) to the rule in arrival order, as the service does: each arrival sees the
 * declines and alerts within its horizon. Returns every alert raised, in the order raised.
 */
function declinesArriving(...minutes: number[]): FraudAlert[] {
  const declines: Date[] = [];
  const raised: FraudAlert[] = [];
  for (const minute of minutes) {
    const decline = at(minute);
    declines.push(decline);
    const horizon = horizonOf(decline, DEFAULT_FRAUD_RULE);
    const within = (time: Date, from: Date, to: Date) => time >= from && time <= to;
    raised.push(
      ...alertsAfterDecline({
        rule: DEFAULT_FRAUD_RULE,
        newDecline: decline,
        declines: declines.filter((time) => within(time, horizon.declinesFrom, horizon.declinesTo)),
        raised: raised.filter((alert) => within(alert.windowEnd, horizon.alertsFrom, horizon.alertsTo)),
      }),
    );
  }
  return raised;
}

const shown = (alerts: FraudAlert[]) =>
  alerts.map((alert) => ({
    declinedPayments: alert.declinedPayments,
    windowStart: alert.windowStart.toISOString(),
    windowEnd: alert.windowEnd.toISOString(),
  }));

describe('fraud rule: 3 declined payments of one user within 10 minutes (sliding, event time)', () => {
  it('raises a suspicion at the third decline within 10 minutes, naming the window', () => {
    assert.deepEqual(shown(declinesArriving(0, 4, 9)), [
      { declinedPayments: 3, windowStart: at(0).toISOString(), windowEnd: at(9).toISOString() },
    ]);
  });

  it('raises nothing for 3 declines spread over 25 minutes', () => {
    assert.deepEqual(declinesArriving(0, 12, 25), []);
  });

  it('includes both ends of the window: 10 minutes exactly match, a millisecond more does not', () => {
    assert.equal(declinesArriving(0, 5, 10).length, 1);
    assert.equal(declinesArriving(0, 5, 10 + 1 / 60_000).length, 0);
  });

  it('slides: old declines leave the window, so a later burst still counts', () => {
    // 0, 11, 15 never fit one window; 11, 15, 20 do.
    assert.deepEqual(shown(declinesArriving(0, 11, 15, 20)), [
      { declinedPayments: 3, windowStart: at(11).toISOString(), windowEnd: at(20).toISOString() },
    ]);
  });

  it('judges declines by when they happened, whatever the order they arrive in', () => {
    const alerts = declinesArriving(9, 0, 4);
    assert.deepEqual(shown(alerts), [
      { declinedPayments: 3, windowStart: at(0).toISOString(), windowEnd: at(9).toISOString() },
    ]);
    assert.deepEqual(
      declinesArriving(25, 0, 12),
      [],
      'late arrivals spread over 25 minutes still do not match',
    );
  });

  it('raises nothing more while the same window keeps matching', () => {
    assert.equal(declinesArriving(0, 1, 2, 3, 4, 5).length, 1);
    // A late decline filling in the past of an alert already raised.
    assert.equal(declinesArriving(5, 6, 7, 1).length, 1);
  });

  it('raises again once the earlier alert is at least 10 minutes behind', () => {
    const alerts = declinesArriving(0, 1, 2, 14, 15, 16);
    assert.deepEqual(
      alerts.map((alert) => alert.windowEnd.toISOString()),
      [at(2).toISOString(), at(16).toISOString()],
    );
  });

  it('never raises two alerts for one user less than 10 minutes apart, however the declines arrive', () => {
    const arrivals = [7, 0, 13, 3, 21, 9, 1, 18, 30, 11, 25, 5, 16, 27, 2];
    const ends = declinesArriving(...arrivals)
      .map((alert) => alert.windowEnd.getTime())
      .sort((a, b) => a - b);
    assert.ok(ends.length >= 2);
    for (let index = 1; index < ends.length; index++)
      assert.ok((ends[index] ?? 0) - (ends[index - 1] ?? 0) >= DEFAULT_FRAUD_RULE.windowMs);
  });

  it('counts every decline in the window that fired', () => {
    // The window that fires 10 minutes after the first alert holds the four declines of minutes 2 to 12.
    assert.deepEqual(shown(declinesArriving(0, 1, 2, 5, 6, 12)), [
      { declinedPayments: 3, windowStart: at(0).toISOString(), windowEnd: at(2).toISOString() },
      { declinedPayments: 4, windowStart: at(2).toISOString(), windowEnd: at(12).toISOString() },
    ]);
  });
});

const ANN = 'aaaaaaaa-0000-4000-8000-000000000000';
const BOB = 'bbbbbbbb-0000-4000-8000-000000000000';

/** Given what the rule knew of each user before the batch, when these declines arrive together. */
const given = (known: Record<string, { declines?: number[]; alertsEndingAt?: number[] }> = {}) => ({
  when: (...declines: [string, number][]) =>
    alertsAfterDeclines({
      rule: DEFAULT_FRAUD_RULE,
      known: new Map(
        Object.entries(known).map(([userId, history]) => [
          userId,
          {
            declines: (history.declines ?? []).map(at),
            alerts: (history.alertsEndingAt ?? []).map((minute) => ({ windowEnd: at(minute) })),
          },
        ]),
      ),
      declines: declines.map(([userId, minute]) => ({ userId, at: at(minute) })),
    }),
});

const shownWithUser = (alerts: ReturnType<ReturnType<typeof given>['when']>) =>
  alerts.map(({ userId, ...alert }) => ({ userId, ...shown([alert])[0] }));

describe('fraud rule over a batch of declines', () => {
  it('raises what the same declines raise arriving one at a time, for every sequence above', () => {
    const sequences = [
      [0, 4, 9],
      [0, 12, 25],
      [0, 5, 10],
      [0, 11, 15, 20],
      [9, 0, 4],
      [25, 0, 12],
      [0, 1, 2, 3, 4, 5],
      [5, 6, 7, 1],
      [0, 1, 2, 14, 15, 16],
      [0, 1, 2, 5, 6, 12],
    ];
    for (const minutes of sequences) {
      const batch = given().when(...minutes.map((minute): [string, number] => [ANN, minute]));
      assert.deepEqual(
        batch.map(({ userId: _userId, ...alert }) => alert),
        declinesArriving(...minutes),
        minutes.join(','),
      );
    }
  });

  it('raises one alert for three declines of one user in one batch', () => {
    assert.deepEqual(shownWithUser(given().when([ANN, 0], [ANN, 4], [ANN, 9], [ANN, 8])), [
      { userId: ANN, declinedPayments: 3, windowStart: at(0).toISOString(), windowEnd: at(9).toISOString() },
    ]);
  });

  it('completes a window with declines known from earlier batches, and stays quiet near an earlier alert', () => {
    assert.deepEqual(shownWithUser(given({ [ANN]: { declines: [0, 4] } }).when([ANN, 9])), [
      { userId: ANN, declinedPayments: 3, windowStart: at(0).toISOString(), windowEnd: at(9).toISOString() },
    ]);
    assert.deepEqual(
      given({ [ANN]: { declines: [0, 4, 9], alertsEndingAt: [9] } }).when([ANN, 10], [ANN, 11]),
      [],
    );
  });

  it('judges each user on their own declines, interleaved in one batch', () => {
    assert.deepEqual(
      shownWithUser(
        given({ [BOB]: { declines: [1] } }).when([ANN, 0], [BOB, 2], [ANN, 3], [BOB, 3], [ANN, 30]),
      ),
      [
        {
          userId: BOB,
          declinedPayments: 3,
          windowStart: at(1).toISOString(),
          windowEnd: at(3).toISOString(),
        },
      ],
    );
  });

  it('counts one decline per order, the first one announced', () => {
    const first = { orderId: 'order-1', userId: ANN, at: at(0) };
    const again = { orderId: 'order-1', userId: ANN, at: at(5) };
    const other = { orderId: 'order-2', userId: ANN, at: at(1) };
    assert.deepEqual(firstDeclinePerOrder([first, other, again]), [first, other]);
  });

  it('reads each user once, over the horizons of all their declines in the batch', () => {
    assert.deepEqual(
      horizonsOfUsers(
        [
          { userId: BOB, at: at(20) },
          { userId: ANN, at: at(30) },
          { userId: BOB, at: at(0) },
        ],
        DEFAULT_FRAUD_RULE,
      ),
      [
        { userId: ANN, declinesFrom: at(20), declinesTo: at(40), alertsFrom: at(20), alertsTo: at(50) },
        { userId: BOB, declinesFrom: at(-10), declinesTo: at(30), alertsFrom: at(-10), alertsTo: at(40) },
      ],
    );
  });
});
