import { existsSync, readFileSync } from 'node:fs';

/** The version in Switchboard's package.json, from the sources (src/cli) or the build (dist/src/cli). */
export function packageVersion(): string {
  for (const relative of ['../../package.json', '../../../package.json']) {
    const url = new URL(relative, import.meta.url);
    if (!existsSync(url)) continue;
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'switchboard' && pkg.version) return pkg.version;
  }
  return 'unknown';
}
