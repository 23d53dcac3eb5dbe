// npx tsx bench/kit/profile-top.ts <file.cpuprofile> [rows] — the functions with the most self time
// in a V8 CPU profile (node --cpu-prof), and the same grouped by where the code lives, so a missed
// goal can be traced to what bounds it.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: npx tsx bench/kit/profile-top.ts <file.cpuprofile> [rows]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };
const selfMs = new Map<number, number>();
profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
const total = (profile.endTime - profile.startTime) / 1000;

const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
for (const node of profile.nodes) {
  const ms = selfMs.get(node.id) ?? 0;
  if (ms === 0) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
  const key = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
  byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
  byPlace.set(placeOf(where, functionName), (byPlace.get(placeOf(where, functionName)) ?? 0) + ms);
}

function placeOf(where: string, name: string): string {
  if (!where) return name.startsWith('(') ? name : '(native / V8)';
  if (where.startsWith('node:')) return where.split('/')[0]!.replace(/:.*/, ':internal');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where);
  if (pkg) return pkg[1]!;
  return where.split('/').slice(0, 2).join('/');
}

const rows = Number(rowsArg ?? 25);
const show = (title: string, map: Map<string, number>) => {
  process.stdout.write(`\n${title} (profile ${total.toFixed(0)} ms)\n`);
  for (const [key, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    process.stdout.write(`${ms.toFixed(1).padStart(9)} ms ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${key}\n`);
  }
};
show('self time by place', byPlace);
show('self time by function', byFunction);
