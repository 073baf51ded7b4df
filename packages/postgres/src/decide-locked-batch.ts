/**
 * A batch of commands, each about one keyed row (an order's payment, its shipment), decided with the same
 * results as one at a time in this order, in a constant number of statements: one lock of every key's row,
 * one insert of the new rows, one update of the changed ones.
 *
 * Two rounds at most: rows are locked where they exist; where one does not, a concurrent transaction may
 * insert it first, and that key's commands are decided again against its row (the insert waited for that
 * transaction's commit, so the row is there to lock). Only this second lock comes after an insert; should
 * it ever close a cycle with another batch, PostgreSQL breaks it and the caller's transaction fails whole.
 */
export async function decideLockedBatch<Command, Recorded, Row, Decision>(
  commands: readonly Command[],
  steps: {
    keyOf: (command: Command) => string;
    lock: (keys: readonly string[]) => Promise<Recorded>;
    decide: (
      recorded: Recorded,
      commands: readonly Command[],
    ) => { inserted: readonly Row[]; updated: readonly Row[]; decisions: readonly Decision[] };
    /** Inserts the rows whose key has none yet; returns the keys another transaction inserted first. */
    insertIfAbsent: (rows: readonly Row[]) => Promise<ReadonlySet<string>>;
    update: (rows: readonly Row[]) => Promise<void>;
    /** Names the rows in the error for keys that could be neither inserted nor found. */
    what: string;
  },
): Promise<Decision[]> {
  const decisions: Decision[] = [];
  let pending = commands.map((_, index) => index);
  for (let round = 0; round < 2 && pending.length > 0; round++) {
    const batch = pending.map((index) => commands[index]!);
    const decided = steps.decide(await steps.lock(batch.map(steps.keyOf)), batch);
    const lost = await steps.insertIfAbsent(decided.inserted);
    await steps.update(decided.updated);
    const again: number[] = [];
    pending.forEach((index, position) => {
      if (lost.has(steps.keyOf(commands[index]!))) again.push(index);
      else decisions[index] = decided.decisions[position]!;
    });
    pending = again;
  }
  if (pending.length > 0) {
    const keys = [...new Set(pending.map((index) => steps.keyOf(commands[index]!)))];
    throw new Error(`${steps.what} of ${keys.join(', ')} could be neither inserted nor found`);
  }
  return decisions;
}
