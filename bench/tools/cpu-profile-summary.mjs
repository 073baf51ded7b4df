// Summarises a V8 CPU profile (node --cpu-prof): self time by package or folder, then by function.
// Usage: node bench/tools/cpu-profile-summary.mjs <file.cpuprofile> [rows]
import { readFileSync } from 'node:fs';

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/tools/cpu-profile-summary.mjs <file.cpuprofile> [rows]');
  process.exit(2);
}
const rows = Number(rowsArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const selfTime = new Map();
let total = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
  total += delta;
});

const where = (url, name) => {
  if (['(garbage collector)', '(idle)', '(program)'].includes(name)) return name;
  if (!url) return name || '(native)';
  if (url.startsWith('node:')) return url;
  const inModules = url.split('node_modules/').pop();
  if (url.includes('node_modules/'))
    return inModules
      .split('/')
      .slice(0, inModules.startsWith('@') ? 2 : 1)
      .join('/');
  const inRepo = url.replace(/^file:\/\//, '').replace(/.*\/(packages|services|apps|bench|test)\//, '$1/');
  return inRepo.split('/').slice(0, 2).join('/');
};
const byPlace = new Map();
const byFunction = new Map();
for (const [id, time] of selfTime) {
  const { functionName, url, lineNumber } = nodes.get(id).callFrame;
  const place = where(url, functionName);
  byPlace.set(place, (byPlace.get(place) ?? 0) + time);
  const name = `${functionName || '(anonymous)'} ${url ? `${where(url, functionName)}:${lineNumber + 1}` : ''}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + time);
}
const print = (title, map) => {
  console.log(`\n${title}`);
  for (const [name, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows))
    console.log(`${((100 * time) / total).toFixed(1).padStart(5)} %  ${name}`);
};
console.log(`${(total / 1e6).toFixed(1)} s sampled`);
print('self time by package or folder', byPlace);
print('self time by function', byFunction);
