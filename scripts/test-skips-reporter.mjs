// A node:test reporter beside `spec`: it prints nothing while tests run and, at the end, every skipped
// suite or test by name, grouped by its reason (a missing server and how to start it), so a skip is never
// silent. Nested tests of a skipped suite are not repeated: the suite stands for them.
export default async function* skippedSummary(source) {
  const byReason = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { skip, name, file, nesting } = event.data;
    if (skip === undefined || skip === false) continue;
    const reason = typeof skip === 'string' ? skip : 'skipped';
    const entries = byReason.get(reason) ?? [];
    entries.push({ name, file: file ? file.replace(`${process.cwd()}/`, '') : '?', nesting });
    byReason.set(reason, entries);
  }
  if (byReason.size === 0) return;
  const lines = ['', `skipped suites (${[...byReason.values()].flat().length}), not run on this machine:`];
  for (const [reason, entries] of byReason) {
    lines.push(`  ${reason}`);
    for (const entry of entries) lines.push(`    - ${entry.file} › ${entry.name}`);
  }
  yield `${lines.join('\n')}\n`;
}
