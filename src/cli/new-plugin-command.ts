import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_CONFIG_PATH } from '../config/load-config-file.ts';
import { EXIT_CONFIG } from './print-problems.ts';
import { configSource, FOLDER_TSCONFIG_SOURCE, PACKAGE_IMPORTS, pluginIdentifier, pluginSource, pluginTestSource, REPO_IMPORTS, TSCONFIG_SOURCE } from './plugin-templates.ts';

// Names the plugin (and its command) cannot take: bundled plugins and built-in commands.
const RESERVED = new Set(['core', 'console', 'slack', 'discord', 'sandbox', 'help', 'list', 'ls', 'show', 'status', 'reply', 'note', 'resolve', 'close', 'reopen', 'snooze', 'assign', 'label', 'labels', 'resume', 'customer', 'use', 'quit']);

/**
 * `switchboard new-plugin <name>`: writes `plugins/<name>/index.ts` and its test (the greeter shape)
 * in the current project, plus `config/switchboard.config.ts` (listing it with the bundled surfaces)
 * and a `tsconfig.json` when the project has none. Returns the exit code.
 */
export function newPluginCommand(name: string, options: { cwd?: string; write?: (text: string) => void } = {}): number {
  const cwd = options.cwd ?? process.cwd();
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const fail = (message: string) => {
    process.stderr.write(`switchboard new-plugin: ${message}\n`);
    return EXIT_CONFIG;
  };
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(name)) return fail(`"${name}" is not a plugin name — use lower-case letters, digits and -, starting with a letter`);
  if (RESERVED.has(name)) return fail(`"${name}" is taken by Switchboard itself (a bundled plugin or a built-in command) — choose another name`);
  const dir = join(cwd, 'plugins', name);
  if (existsSync(dir)) return fail(`${relative(cwd, dir)} already exists — choose another name or remove it`);

  const inRepo = isSwitchboardRepo(cwd);
  const paths = inRepo ? REPO_IMPORTS : PACKAGE_IMPORTS;
  const created: string[] = [];
  const create = (path: string, text: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text, { flag: 'wx' });
    created.push(relative(cwd, path));
  };
  create(join(dir, 'index.ts'), pluginSource(name, paths));
  create(join(dir, 'index.test.ts'), pluginTestSource(name, paths));
  create(join(dir, 'tsconfig.json'), FOLDER_TSCONFIG_SOURCE);
  const configPath = join(cwd, DEFAULT_CONFIG_PATH);
  const configExists = existsSync(configPath);
  if (!configExists) create(configPath, configSource(name, paths));
  if (!inRepo && !existsSync(join(cwd, 'tsconfig.json'))) create(join(cwd, 'tsconfig.json'), TSCONFIG_SOURCE);

  const lines = [`created ${created.join(', ')}`];
  if (configExists) {
    lines.push(
      `add it to ${DEFAULT_CONFIG_PATH}:`,
      `  import ${pluginIdentifier(name)} from '../plugins/${name}/index.ts';`,
      `  … plugins: [/* the others */, ${pluginIdentifier(name)}],`,
    );
  }
  lines.push(
    'next:',
    `  npx vitest run plugins/${name}        # its tests (npm install --save-dev vitest if you have none)`,
    `  npx tsc --noEmit -p plugins/${name}   # a type check of just this folder`,
    `  npx switchboard                       # the sandbox: type /${name} <conversation> in the console`,
  );
  write(`${lines.join('\n')}\n`);
  return 0;
}

function isSwitchboardRepo(cwd: string): boolean {
  const pkg = join(cwd, 'package.json');
  if (!existsSync(pkg) || !existsSync(join(cwd, 'src', 'index.ts'))) return false;
  try {
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'switchboard';
  } catch {
    return false;
  }
}
