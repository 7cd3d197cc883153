#!/usr/bin/env node
// Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by
// package (node_modules/<pkg>, src/<area>, node internals), optionally only the
// samples taken between two times (ms from the start of the profile).
// Usage: node bench/cpu-profile-summary.mjs FILE.cpuprofile [--from MS] [--to MS] [--top N]
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const profile = JSON.parse(readFileSync(args[0], 'utf8'));
const from = option('--from', 0);
const to = option('--to', Infinity);
const top = option('--top', 40);

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map();
let t = 0;
let total = 0;
for (let i = 0; i < profile.samples.length; i += 1) {
  t += profile.timeDeltas[i];
  const ms = t / 1000;
  if (ms < from || ms > to) continue;
  const dt = profile.timeDeltas[i + 1] ?? 0;
  selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
  total += dt;
}

const packageOf = (url) => {
  if (!url) return '(native/vm)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const src = url.match(/\/(src|bench|test)\/(.*)$/);
  if (src) return `${src[1]}/${src[2].split('/').slice(0, 2).join('/')}`;
  return url;
};

const byFunction = new Map();
const byPackage = new Map();
for (const [id, us] of selfUs) {
  const { callFrame } = nodes.get(id);
  const name = `${callFrame.functionName || '(anonymous)'} ${packageOf(callFrame.url)}:${callFrame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  const pkg = callFrame.url ? packageOf(callFrame.url) : callFrame.functionName;
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
}
const print = (title, map) => {
  console.log(`\n${title} (self time, of ${(total / 1000).toFixed(0)} ms)`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`);
  }
};
// Inclusive (total) time: each function counted once per sample it is on the stack of.
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const inclusive = new Map();
for (const [id, us] of selfUs) {
  const seen = new Set();
  for (let at = id; at !== undefined; at = parentOf.get(at)) {
    const { callFrame } = nodes.get(at);
    const name = `${callFrame.functionName || '(anonymous)'} ${packageOf(callFrame.url)}:${callFrame.lineNumber + 1}`;
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + us);
  }
}
print('By package', byPackage);
print('By function', byFunction);
if (args.includes('--inclusive')) print('Inclusive by function', inclusive);
