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
