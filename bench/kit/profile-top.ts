// npx tsx bench/kit/profile-top.ts <file.cpuprofile>… [rows] — the functions with the most self time
// in V8 CPU profiles (node --cpu-prof writes one per thread: the tsx loader has its own), and the same
// grouped by where the code lives, so a missed goal can be traced to what bounds it.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const args = process.argv.slice(2);
const files = args.filter((arg) => !/^\d+$/.test(arg));
const rows = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 25);
if (files.length === 0) {
  process.stderr.write('usage: npx tsx bench/kit/profile-top.ts <file.cpuprofile>… [rows]\n');
  process.exit(2);
}
for (const file of files) summarise(file);

function summarise(file: string): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const total = (profile.endTime - profile.startTime) / 1000;
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0;
    if (ms === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '');
    const key = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
    const place = placeOf(where, functionName);
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    byPlace.set(place, (byPlace.get(place) ?? 0) + ms);
  }
  process.stdout.write(`\n${file}\n`);
  show('self time by place', byPlace, total);
  show('self time by function', byFunction, total);
}

/** A package name, `node:internal`, a project folder (`src/core`), or what V8 calls it. */
function placeOf(where: string, name: string): string {
  if (!where) return name.startsWith('(') ? name : '(native / V8)';
  if (where.startsWith('node:')) return 'node:internal';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where);
  if (pkg) return pkg[1]!;
  return where.split('/').slice(0, 2).join('/');
}

function show(title: string, map: Map<string, number>, total: number): void {
  process.stdout.write(`\n${title} (profile ${total.toFixed(0)} ms)\n`);
  for (const [key, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    process.stdout.write(`${ms.toFixed(1).padStart(9)} ms ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${key}\n`);
  }
}
