// Sums a V8 CPU profile (what `signing.ts --profile` writes to /tmp/kenes-prof) by area — an npm
// package, a `node:` module or a file under src/ — and by function, leaving out idle time and,
// with --skip, the first seconds (start-up: module loading, schema compilation). Samples are wall
// clock: on a busy machine a thread preempted inside a system call (writev) counts there.
//
//   node --import tsx bench/proposals/profile.ts /tmp/kenes-prof/CPU.*.0.001.cpuprofile [--skip 5] [--top 40]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { skip: { type: 'string', default: '0' }, top: { type: 'string', default: '40' } },
});

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const skipUs = Number(args.skip) * 1e6;

function area(url: string, fn: string): string {
  if (!url) return fn; // native: (garbage collector), (program), writev…
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url;
  const src = /\/(src\/.*)$/.exec(url);
  return src ? src[1]! : url;
}

const byArea = new Map<string, number>();
const byFunction = new Map<string, number>();
let elapsed = 0;
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  elapsed += dt;
  const { callFrame } = byId.get(profile.samples[i]!)!;
  if (elapsed < skipUs || callFrame.functionName === '(idle)') continue;
  total += dt;
  const a = area(callFrame.url, callFrame.functionName);
  byArea.set(a, (byArea.get(a) ?? 0) + dt);
  const f = `${callFrame.functionName || '(anonymous)'}  ${a}`;
  byFunction.set(f, (byFunction.get(f) ?? 0) + dt);
}

const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))) {
    console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
  }
};
console.log(`busy ${(total / 1e6).toFixed(2)} s (idle and the first ${args.skip} s left out)`);
show('by area', byArea);
show('by function (self time)', byFunction);
