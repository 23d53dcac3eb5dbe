#!/usr/bin/env node
// Extracts the part of Chatwoot's published OpenAPI document (swagger.json from
// chatwoot/chatwoot's swagger/ folder) that Switchboard's REST client calls — the account API
// (/api/v1/accounts/…) and the profile — plus the public client API of API inboxes
// (/public/api/v1/inboxes/…, which the simulator serves), with every component they reference. The result is
// committed as test/fixtures/chatwoot-openapi.json, so the request-shape tests need no network
// and nothing outside the project.
//
//   node scripts/extract-chatwoot-spec.mjs path/to/swagger.json > test/fixtures/chatwoot-openapi.json
import { readFileSync } from 'node:fs';

const source = process.argv[2];
if (!source) {
  console.error('usage: node scripts/extract-chatwoot-spec.mjs <swagger.json>');
  process.exit(2);
}
const spec = JSON.parse(readFileSync(source, 'utf8'));
const wanted = (path) =>
  path.startsWith('/api/v1/accounts/{account_id}/') || path === '/api/v1/profile' || path.startsWith('/public/api/v1/inboxes/');
const paths = Object.fromEntries(Object.entries(spec.paths).filter(([path]) => wanted(path)));

// Every #/components/… reference reachable from the kept paths, transitively.
const components = {};
const seen = new Set();
function visit(node) {
  if (Array.isArray(node)) return node.forEach(visit);
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/') && !seen.has(value)) {
      seen.add(value);
      const [, , kind, name] = value.split('/');
      const target = spec.components?.[kind]?.[name];
      if (!target) throw new Error(`unresolved ${value}`);
      (components[kind] ??= {})[name] = target;
      visit(target);
    } else if (key !== 'examples' && key !== 'example') visit(value);
  }
}
visit(paths);
// Examples are not needed to check shapes; dropping them halves the file.
const strip = (node) =>
  Array.isArray(node) ? node.map(strip) : node && typeof node === 'object'
    ? Object.fromEntries(Object.entries(node).filter(([key]) => key !== 'example' && key !== 'examples').map(([key, value]) => [key, strip(value)]))
    : node;
const out = {
  openapi: spec.openapi,
  info: { ...spec.info, 'x-extracted': 'account API and public inbox API paths and their components, by scripts/extract-chatwoot-spec.mjs' },
  paths: strip(paths),
  components: strip(components),
};
process.stdout.write(`${JSON.stringify(out)}\n`);
