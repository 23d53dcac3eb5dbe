import { Command } from 'commander';
import { doctorCommand } from './cli/doctor-command.ts';
import { newPluginCommand } from './cli/new-plugin-command.ts';
import { packageVersion } from './cli/package-version.ts';
import { setupApiInboxCommand } from './cli/setup-api-inbox-command.ts';
import { startCommand } from './cli/start-command.ts';

// Process entry: `switchboard [start]` and `switchboard doctor`.
const program = new Command()
  .name('switchboard')
  .description('Chat-ops bot framework for Chatwoot')
  .version(packageVersion(), '-v, --version', 'print the version')
  .option('-c, --config <path>', 'configuration module', 'config/switchboard.config.ts');

program
  .command('start', { isDefault: true })
  .description('connect to Chatwoot (or run the sandbox without CHATWOOT_URL) and run the plugins')
  .option('--script <file>', 'replay a console session from a file, non-interactively (exit 1 if an expect fails)')
  .option('--scene <names>', 'sandbox only: start simulated outside worlds, comma-separated (e.g. community: a simulated Discord community)')
  .action(async (opts: { script?: string; scene?: string }) => {
    const scenes = (opts.scene ?? '').split(',').map((name) => name.trim()).filter(Boolean);
    finish(await startCommand({ configPath: program.opts<{ config: string }>().config, ...(opts.script ? { script: opts.script } : {}), ...(scenes.length ? { scenes } : {}) }));
  });

program
  .command('doctor')
  .description('check configuration, reach Chatwoot, read the profile and try a subscription')
  .action(async () => finish(await doctorCommand({ configPath: program.opts<{ config: string }>().config })));

program
  .command('new-plugin <name>')
  .description('scaffold plugins/<name>/index.ts and its test in the current project (and a config if there is none)')
  .action((name: string) => finish(newPluginCommand(name)));

program
  .command('setup')
  .description('create what Switchboard needs in Chatwoot')
  .command('api-inbox')
  .description('create an API-channel inbox for a community (prints its id, identifier and webhook secret)')
  .requiredOption('--name <name>', 'the inbox name agents see, e.g. "Discord community"')
  .option('--webhook-url <url>', "the inbox's callback URL (default: SWITCHBOARD_PUBLIC_URL + /webhooks/chatwoot)")
  .action(async (opts: { name: string; webhookUrl?: string }) =>
    finish(await setupApiInboxCommand({ name: opts.name, ...(opts.webhookUrl ? { webhookUrl: opts.webhookUrl } : {}) })),
  );

function finish(code: number): void {
  // Let pino flush, then leave even if a plugin left a handle open.
  process.exitCode = code;
  setTimeout(() => process.exit(process.exitCode), 200).unref();
}

await program.parseAsync();
