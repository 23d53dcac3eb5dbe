#!/usr/bin/env node
// The `switchboard` command: runs the TypeScript sources directly through tsx (no build step),
// so plugins may be .ts or .js.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
