#!/usr/bin/env node
// tsc rewrites `./x.ts` to `./x.js` in the emitted JavaScript (rewriteRelativeImportExtensions) but
// leaves the `.ts` in declaration files; a consumer's TypeScript must find `./x.js` → `./x.d.ts`.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RELATIVE_TS = /((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+?)\.ts(['"])/g;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.d.ts')) {
      const text = readFileSync(path, 'utf8');
      const fixed = text.replace(RELATIVE_TS, '$1$2.js$3');
      if (fixed !== text) writeFileSync(path, fixed);
    }
  }
}

walk(new URL('../dist', import.meta.url).pathname);
