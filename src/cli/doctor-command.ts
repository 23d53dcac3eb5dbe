import { createLogger } from '../core/logger.ts';
import type { CheckResult } from './doctor-checks.ts';
import { runChatwootChecks } from './doctor-checks.ts';
import { loadSetup, type Setup } from './load-setup.ts';

/** `switchboard doctor`: a ✓/✗ table with a fix for each ✗; exit code 1 when anything failed. */
export async function doctorCommand(options: { configPath?: string; write?: (text: string) => void }): Promise<number> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const { setup, problems } = await loadSetup({ configPath: options.configPath });
  const results: CheckResult[] = [];
  if (!setup) {
    for (const p of problems) results.push({ check: 'Configuration', ok: false, detail: `${p.variable} ${p.message.split(' — ')[0]}`, fix: p.message.split(' — ')[1] ?? `fix ${p.variable}` });
  } else {
    results.push({ check: 'Configuration', ok: true, detail: `valid; plugins: ${setup.plugins.map((p) => p.name).join(', ') || 'none'}` });
    results.push({
      check: 'Webhook intake',
      ok: true,
      warn: !setup.env.webhookSecret,
      detail: setup.env.webhookSecret ? 'POST /webhooks/chatwoot verifies X-Chatwoot-Signature' : 'disabled (no CHATWOOT_WEBHOOK_SECRET); the cable alone is used',
    });
    if (!setup.env.chatwoot) {
      results.push({ check: 'Chatwoot', ok: false, detail: 'CHATWOOT_URL is not set: `npm start` would run the sandbox', fix: 'set CHATWOOT_URL, CHATWOOT_API_TOKEN and CHATWOOT_ACCOUNT_ID' });
    } else {
      const log = createLogger({ level: 'silent' });
      results.push(...(await runChatwootChecks(setup.env.chatwoot, { log, confirmTimeoutMs: setup.config.cable?.confirmTimeoutMs })));
    }
    results.push(...(await runPluginChecks(setup)));
  }
  write(renderTable(results));
  return results.every((r) => r.ok) ? 0 : 1;
}

/** Each plugin's own checks (Slack scopes, Discord permissions…), with its validated settings. */
async function runPluginChecks(setup: Setup): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const log = createLogger({ level: 'silent' });
  for (const plugin of setup.plugins) {
    if (!plugin.doctor) continue;
    const parsed = plugin.config ? plugin.config.safeParse(setup.config.settings?.[plugin.name] ?? {}) : { success: true as const, data: setup.config.settings?.[plugin.name] ?? {} };
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

export function renderTable(results: CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.check.length), 5);
  const lines = results.map((r) => {
    const mark = !r.ok ? '✗' : r.warn ? '!' : '✓';
    const fix = r.fix && (!r.ok || r.warn) ? `\n  ${' '.repeat(width)}   → ${r.fix}` : '';
    return `${mark} ${r.check.padEnd(width)}  ${r.detail}${fix}`;
  });
  const failed = results.filter((r) => !r.ok).length;
  return `${lines.join('\n')}\n\n${failed === 0 ? 'all checks passed' : `${failed} check${failed === 1 ? '' : 's'} failed`}\n`;
}
