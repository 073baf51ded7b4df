/**
 * A complex-event rule over declined payments: `declines` declines for one user within `windowMs` of event
 * time (a sliding window, both ends included) make a fraud suspicion. Declines may arrive in any order, so
 * the rule is evaluated against every decline known around the new one, not just the latest few.
 *
 * The rule fires at a decline whose trailing window holds enough declines. It stays quiet while the same
 * window keeps matching: a firing within `windowMs` of an alert already raised for the user (before or after
 * it, as late events can fill in the past) raises nothing, so a user gets at most one alert per window.
 */
export interface FraudRule {
  declines: number;
  windowMs: number;
}

export const DEFAULT_FRAUD_RULE: FraudRule = { declines: 3, windowMs: 10 * 60_000 };

export interface FraudAlert {
  declinedPayments: number;
  windowStart: Date;
  windowEnd: Date;
}

/**
 * How far around a new decline the rule looks: the declines that can share a window with it, and the alerts
 * that can silence a firing within those windows.
 */
export function horizonOf(decline: Date, rule: FraudRule) {
  const at = decline.getTime();
  return {
    declinesFrom: new Date(at - rule.windowMs),
    declinesTo: new Date(at + rule.windowMs),
    alertsFrom: new Date(at - rule.windowMs),
    alertsTo: new Date(at + 2 * rule.windowMs),
  };
}

/**
 * The alerts a new decline raises. `declines` are the user's declines within the horizon (the new one
 * included); `raised` are the user's alerts so far within the horizon.
 */
export function alertsAfterDecline(input: {
  rule: FraudRule;
  newDecline: Date;
  declines: readonly Date[];
  raised: readonly { windowEnd: Date }[];
}): FraudAlert[] {
  const { rule, newDecline } = input;
  const times = input.declines.map((decline) => decline.getTime()).sort((a, b) => a - b);
  const at = newDecline.getTime();
  const alertEnds = input.raised.map((alert) => alert.windowEnd.getTime());
  const alerts: FraudAlert[] = [];

  // Only windows ending at a decline no earlier than the new one, and no more than a window after it,
  // contain the new decline; every other window was judged when its own declines arrived.
  const firings = [...new Set(times.filter((end) => end >= at && end - at <= rule.windowMs))];
  for (const end of firings) {
    const inWindow = times.filter((time) => time >= end - rule.windowMs && time <= end);
    if (inWindow.length < rule.declines) continue;
    if (alertEnds.some((alertEnd) => Math.abs(alertEnd - end) < rule.windowMs)) continue;
    alertEnds.push(end);
    alerts.push({
      declinedPayments: inWindow.length,
      windowStart: new Date(inWindow[0] ?? end),
      windowEnd: new Date(end),
    });
  }
  return alerts;
}

/** A declined payment of one order (ids lower-case). */
export interface Decline {
  orderId: string;
  userId: string;
  at: Date;
}

/** A decline counts once per order, as first announced: payment may announce the same one again. */
export function firstDeclinePerOrder(declines: readonly Decline[]): Decline[] {
  const seen = new Set<string>();
  return declines.filter((decline) => {
    if (seen.has(decline.orderId)) return false;
    seen.add(decline.orderId);
    return true;
  });
}

/** What the rule knew of a user before a batch: declines and alerts within the batch's horizons. */
export interface UserHistory {
  declines: readonly Date[];
  alerts: readonly { windowEnd: Date }[];
}

/**
 * Per user (in user order), the span covering the horizons of all its declines in a batch: one read of it
 * gives everything `alertsAfterDeclines` needs.
 */
export function horizonsOfUsers(declines: readonly { userId: string; at: Date }[], rule: FraudRule) {
  const spans = new Map<
    string,
    { userId: string; declinesFrom: Date; declinesTo: Date; alertsFrom: Date; alertsTo: Date }
  >();
  for (const decline of declines) {
    const horizon = horizonOf(decline.at, rule);
    const span = spans.get(decline.userId);
    spans.set(
      decline.userId,
      span
        ? {
            userId: decline.userId,
            declinesFrom: earliest(span.declinesFrom, horizon.declinesFrom),
            declinesTo: latest(span.declinesTo, horizon.declinesTo),
            alertsFrom: earliest(span.alertsFrom, horizon.alertsFrom),
            alertsTo: latest(span.alertsTo, horizon.alertsTo),
          }
        : { userId: decline.userId, ...horizon },
    );
  }
  return [...spans.values()].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

const earliest = (a: Date, b: Date) => (a <= b ? a : b);
const latest = (a: Date, b: Date) => (a >= b ? a : b);

/**
 * The alerts new declines raise when they arrive in this order, exactly as one at a time: each is judged
 * against its user's history from before the batch plus the declines and alerts of the batch before it
 * (its own decline included), each within its own horizon. Several declines of one user in one batch thus
 * raise one alert per window, as they would arriving apart.
 */
export function alertsAfterDeclines(input: {
  rule: FraudRule;
  known: ReadonlyMap<string, UserHistory>;
  declines: readonly { userId: string; at: Date }[];
}): (FraudAlert & { userId: string })[] {
  const { rule } = input;
  const histories = new Map<string, { declines: Date[]; alerts: { windowEnd: Date }[] }>();
  const raised: (FraudAlert & { userId: string })[] = [];
  for (const { userId, at } of input.declines) {
    const known = input.known.get(userId);
    const history = histories.get(userId) ?? {
      declines: [...(known?.declines ?? [])],
      alerts: [...(known?.alerts ?? [])],
    };
    histories.set(userId, history);
    history.declines.push(at);
    const horizon = horizonOf(at, rule);
    const alerts = alertsAfterDecline({
      rule,
      newDecline: at,
      declines: history.declines.filter((time) => time >= horizon.declinesFrom && time <= horizon.declinesTo),
      raised: history.alerts.filter(
        (alert) => alert.windowEnd >= horizon.alertsFrom && alert.windowEnd <= horizon.alertsTo,
      ),
    });
    history.alerts.push(...alerts);
    raised.push(...alerts.map((alert) => ({ ...alert, userId })));
  }
  return raised;
}
