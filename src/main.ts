import { Command } from 'commander';
import { doctorCommand } from './cli/doctor-command.ts';
import { startCommand } from './cli/start-command.ts';

// Process entry: `switchboard [start]` and `switchboard doctor`.
const program = new Command()
  .name('switchboard')
  .description('Chat-ops bot framework for Chatwoot')
  .option('-c, --config <path>', 'configuration module', 'config/switchboard.config.ts');

program
  .command('start', { isDefault: true })
  .description('connect to Chatwoot (or run the sandbox without CHATWOOT_URL) and run the plugins')
  .action(async () => finish(await startCommand({ configPath: program.opts<{ config: string }>().config })));

program
  .command('doctor')
  .description('check configuration, reach Chatwoot, read the profile and try a subscription')
  .action(async () => finish(await doctorCommand({ configPath: program.opts<{ config: string }>().config })));

function finish(code: number | undefined): void {
  // Let pino flush, then leave even if a plugin left a handle open.
  process.exitCode = code ?? 0;
  setTimeout(() => process.exit(process.exitCode), 200).unref();
}

await program.parseAsync();
