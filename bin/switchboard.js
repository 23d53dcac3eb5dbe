#!/usr/bin/env node
// The `switchboard` command. tsx is registered first so configs and plugins may be .ts or .js; the
// CLI itself runs from the TypeScript sources in a checkout, and from the build (dist/) once installed.
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const sources = new URL('../src/main.ts', import.meta.url);
await import(existsSync(sources) ? sources.href : new URL('../dist/src/main.js', import.meta.url).href);
