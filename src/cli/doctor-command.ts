import { createChatwootRest } from '../chatwoot/rest/create-chatwoot-rest.ts';
import { createLogger } from '../observability/create-logger.ts';
import { readCommunityEnv } from './community-env.ts';
import { checkCommunityInbox } from './doctor-community-inbox.ts';
import type { CheckResult } from './doctor-checks.ts';
import { runChatwootChecks } from './doctor-checks.ts';
import { checkStore } from './doctor-store-check.ts';
import { loadSetup, type Setup } from './load-setup.ts';

/**
 * `switchboard doctor`: a ✓/!/✗ table with a fix for each ✗, each row printed the moment its check
 * ends (Chatwoot may take up to 15 s to answer); exit code 1 when anything failed.
 */
export async function doctorCommand(options: { configPath?: string; write?: (text: string) => void }): Promise<number> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const results: CheckResult[] = [];
  const row = (result: CheckResult) => {
    results.push(result);
    write(renderRow(result));
  };
  const { setup, problems } = await loadSetup({ configPath: options.configPath });
  if (!setup) {
    for (const p of problems) row({ check: 'Configuration', ok: false, detail: `${p.variable} ${p.message.split(' — ')[0]}`, fix: p.message.split(' — ')[1] ?? `fix ${p.variable}` });
  } else {
    row({ check: 'Configuration', ok: true, detail: `valid; plugins: ${setup.plugins.map((p) => p.name).join(', ') || 'none'}` });
    row(await checkStore(setup.env.storeUrl, setup.env.chatwoot?.accountId));
    row({
      check: 'Webhook intake',
      ok: true,
      warn: !setup.env.webhookSecret,
      detail: setup.env.webhookSecret ? 'POST /webhooks/chatwoot verifies X-Chatwoot-Signature' : 'disabled (no CHATWOOT_WEBHOOK_SECRET); the cable alone is used',
    });
    if (!setup.env.chatwoot) {
      row({ check: 'Chatwoot', ok: false, detail: 'CHATWOOT_URL is not set: `npm start` would run the sandbox', fix: 'set CHATWOOT_URL, CHATWOOT_API_TOKEN and CHATWOOT_ACCOUNT_ID' });
    } else {
      write(`  … reaching ${setup.env.chatwoot.url} (up to 15 s per check)\n`);
      const log = createLogger({ level: 'silent' });
      const chatwootRows = await runChatwootChecks(setup.env.chatwoot, { log, confirmTimeoutMs: setup.config.cable.confirmTimeoutMs, onRow: row });
      // Only when the community inbox is configured, and only once the token and account work.
      const community = readCommunityEnv(process.env);
      const configured = community.inboxId !== undefined || community.inboxIdentifier !== undefined || community.problems.some((p) => p.startsWith('COMMUNITY'));
      if (configured && chatwootRows.every((r) => r.ok)) {
        const { url, apiToken, accountId } = setup.env.chatwoot;
        for (const result of await checkCommunityInbox(createChatwootRest({ baseUrl: url, apiToken, accountId, retry: { retries: 0 } }), community)) row(result);
      }
    }
    for (const result of await runPluginChecks(setup)) row(result);
  }
  write(renderSummary(results));
  return results.every((r) => r.ok) ? 0 : 1;
}

/** Each plugin's own checks (Slack scopes, Discord permissions…), with its validated settings. */
async function runPluginChecks(setup: Setup): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const log = createLogger({ level: 'silent' });
  for (const plugin of setup.plugins) {
    if (!plugin.doctor) continue;
    const parsed = plugin.config ? plugin.config.safeParse(setup.config.settings[plugin.name] ?? {}) : { success: true as const, data: setup.config.settings[plugin.name] ?? {} };
    if (!parsed.success) {
      results.push({ check: plugin.name, ok: false, detail: 'invalid settings', fix: parsed.error.issues.map((i) => `settings.${plugin.name}.${i.path.join('.')} ${i.message}`).join('; ') });
      continue;
    }
    try {
      results.push(...(await plugin.doctor({ env: process.env, config: parsed.data, log })));
    } catch (error) {
      results.push({ check: plugin.name, ok: false, detail: `its checks failed: ${(error as Error).message}` });
    }
  }
  return results;
}

/** Width of the check column: rows print one by one, so it cannot be measured from all of them. */
const CHECK_WIDTH = 18;

/** One row: `✓ API token           profile of "Bot" (user id 1)`, with `→ fix` on the next line for ✗ and !. */
function renderRow(r: CheckResult): string {
  const mark = !r.ok ? '✗' : r.warn ? '!' : '✓';
  const fix = r.fix && (!r.ok || r.warn) ? `\n  ${' '.repeat(CHECK_WIDTH)}  → ${r.fix}` : '';
  return `${mark} ${r.check.padEnd(CHECK_WIDTH)}  ${r.detail}${fix}\n`;
}

function renderSummary(results: CheckResult[]): string {
  const failed = results.filter((r) => !r.ok).length;
  return `\n${failed === 0 ? 'all checks passed' : `${failed} check${failed === 1 ? '' : 's'} failed`}\n`;
}
