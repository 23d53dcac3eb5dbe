import { afterEach, describe, expect, it } from 'vitest';
import { createChatwootSimulator, type ChatwootSimulator } from '../../../src/sandbox/create-chatwoot-simulator.ts';
import { repoRoot } from '../../helpers/launch-cli.ts';
import { runInPty, type PtyRun } from '../../helpers/pty-terminal.ts';
import { waitFor } from '../../helpers/wait-for.ts';

// The console as a person uses it: `switchboard start` in a real pseudo-terminal, its output rendered
// by a real terminal emulator, keys typed one by one, against a Chatwoot simulator the test controls.
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const LEFT = '\x1b[D';
const UP = '\x1b[A';
const TAB = '\t';
const ENTER = '\r';
const CTRL_D = '\x04';
const paste = (text: string) => `\x1b[200~${text}\x1b[201~`;

async function startConsole(): Promise<{ sim: ChatwootSimulator; run: PtyRun; screen: (what: string, check: (text: string) => boolean) => Promise<void> }> {
  const sim = await createChatwootSimulator({ pingIntervalMs: 500 });
  cleanups.push(() => sim.close());
  const run = runInPty(process.execPath, ['bin/switchboard.js', '--config', 'test/fixtures/console.config.ts'], {
    cwd: repoRoot,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      TERM: 'xterm-256color',
      PORT: '0',
      STORE_URL: 'memory://',
      LOG_LEVEL: 'info',
      CHATWOOT_URL: sim.url,
      CHATWOOT_API_TOKEN: sim.agent.apiToken,
      CHATWOOT_ACCOUNT_ID: String(sim.accountId),
    },
  });
  cleanups.push(async () => {
    run.pty.kill('SIGKILL');
    await run.exited;
  });
  const screen = async (what: string, check: (text: string) => boolean) => {
    try {
      await waitFor(
        async () => {
          await run.flushed();
          return check(run.text());
        },
        { timeoutMs: 20_000, what },
      );
    } catch (error) {
      const shown = run.text().trimEnd().split('\n').slice(-15).join('\n');
      throw new Error(`${(error as Error).message}\nscreen:\n${shown}\ncursor line: ${JSON.stringify(run.cursorLine())}`);
    }
  };
  await screen('the prompt', (text) => text.includes('"/use <id>" picks a conversation') && run.cursorLine().startsWith('> '));
  await waitFor(() => sim.cable.confirmedSubscriptions() === 1, { timeoutMs: 20_000, what: 'the subscription' });
  return { sim, run, screen };
}

describe('console in a terminal', () => {
  it('keeps the prompt and what is being typed intact when lines arrive, and edits with arrow keys', async () => {
    const { sim, run, screen } = await startConsole();
    const conversation = sim.createConversation({ contactName: 'Ada Lovelace', content: 'Hi! My invoice is wrong.' });
    const id = conversation.id as number;
    await screen('the customer line', (text) => text.includes(`#${id} Ada Lovelace: Hi! My invoice is wrong.`));

    run.type(`#${id} Hello`);
    await screen('the typed text', () => run.cursorLine() === `> #${id} Hello`);
    sim.customerMessage(id, 'Anyone there?');
    await screen('the incoming line above the prompt', (text) => text.includes(`#${id} Ada Lovelace: Anyone there?`));
    // The prompt with the half-typed reply is redrawn below the new line, not torn apart.
    expect(run.cursorLine()).toBe(`> #${id} Hello`);
    expect(run.text()).not.toMatch(new RegExp(`Hello#${id} Ada`));
    // Log lines went above the prompt too.
    expect(run.text()).toContain('subscribed to RoomChannel');
    expect(run.text()).not.toMatch(/^> .*INFO/m);

    // One key at a time, as a person types: Node's readline mishandles a burst of several characters
    // inserted in the middle of a line (it draws them as if appended).
    for (const key of [...Array<string>(5).fill(LEFT), ...'Oh, ']) {
      const column = run.cursorX();
      run.type(key);
      await screen('the cursor moving', () => run.cursorX() === column + (key === LEFT ? -1 : 1));
    }
    await screen('the edit in the middle of the line', () => run.cursorLine() === `> #${id} Oh, Hello`);
    run.type(ENTER);
    await screen('the sent reply', (text) => text.includes(`#${id} ✓ sent to the customer: Oh, Hello`));
    expect(sim.messages(id).at(-1)?.content).toBe('Oh, Hello');
    expect(run.text()).not.toContain('[D');

    run.type(UP);
    await screen('the history', () => run.cursorLine() === `> #${id} Oh, Hello`);
    run.type('\x05\x15'); // Ctrl-E, Ctrl-U: clear the line
    await screen('an empty prompt', () => run.cursorLine() === '> ');
  }, 60_000);

  it('completes commands and conversation numbers, /use makes plain text a reply and /resolve act on it', async () => {
    const { sim, run, screen } = await startConsole();
    const id = sim.createConversation({ contactName: 'Grace', content: 'Export is broken' }).id as number;
    await screen('the conversation', (text) => text.includes(`#${id} Grace: Export is broken`));

    run.type(`/us${TAB}`);
    await screen('the completed command', () => run.cursorLine() === '> /use');
    run.type(' ');
    run.type(`#${TAB}`);
    await screen('the completed conversation number', () => run.cursorLine() === `> /use #${id}`);
    run.type(ENTER);
    await screen('the current conversation', (text) => text.includes(`now in #${id} (Grace, open)`) && run.cursorLine() === `#${id}> `);

    run.type(`thanks, looking into it${ENTER}`);
    await screen('the reply to the current conversation', (text) => text.includes(`#${id} ✓ sent to the customer: thanks, looking into it`));
    run.type(`/resolve${ENTER}`);
    await screen('the resolved conversation', (text) => text.includes(`#${id} is now resolved`));
    run.type(`#${id} /reopen${ENTER}`);
    await screen('the reopened conversation', (text) => text.includes(`#${id} is now open`));
    // Neither command ever reached the customer.
    expect(sim.messages(id).filter((m) => m.message_type === 1).map((m) => m.content)).toEqual(['thanks, looking into it']);

    run.type(`help sn${TAB}`);
    await screen('help completion', () => run.cursorLine() === `#${id}> help snooze`);
    run.type(ENTER);
    await screen('help for snooze', (text) => /snooze <duration>/.test(text));
    run.type(`/help${ENTER}`);
    await screen('the console part of help', (text) => text.includes('/quit                stop Switchboard (also Ctrl-D'));
  }, 60_000);

  it('sends a long multi-line paste whole, continues lines ending in \\, and strips control sequences from what it prints', async () => {
    const { sim, run, screen } = await startConsole();
    const hostile = sim.createConversation({ contactName: 'Eve\x1b[2J\x1b]0;pwned\x07\u202Eevil', content: 'hi\x1b[31m red\x1b[0m' });
    const id = hostile.id as number;
    await screen('the hostile contact, cleaned', (text) => text.includes(`#${id} Eveevil: hi red`));
    run.type(`/show ${id}${ENTER}`);
    await screen('/show output, cleaned', (text) => text.includes(`#${id} · open · Eveevil`));
    run.type(`/nosuch\u202Ecommand${ENTER}`);
    await screen('the echoed unknown command, cleaned', (text) => text.includes('unknown command "/nosuchcommand"') || text.includes('unknown command "nosuchcommand"'));
    expect(run.titles).toEqual([]);
    expect(run.text()).toContain('switchboard started'); // the screen was never cleared

    // 6,189 characters over many lines: more than a terminal's 4,096-byte line limit.
    const lines = Array.from({ length: 100 }, (_, i) => `line ${String(i + 1).padStart(3, '0')} ${'x'.repeat(50)}`);
    const long = `${lines.join('\n')}\n${'y'.repeat(6_189 - lines.join('\n').length - 2)}.`;
    expect(long).toHaveLength(6_189);
    run.type(`#${id} ${paste(long)}`);
    // The whole paste shown as continuation lines, the cursor after its last character (its last
    // line may wrap, so the cursor's row need not start with the "… " prompt).
    await screen('the pasted text waiting for Enter', (text) => text.includes(`… ${lines[99]}`) && run.cursorLine().trimEnd().endsWith('y.'));
    expect(sim.messages(id).filter((m) => m.message_type === 1)).toHaveLength(0);
    run.type(ENTER);
    await waitFor(() => sim.messages(id).some((m) => m.message_type === 1), { timeoutMs: 20_000, what: 'the pasted reply in Chatwoot' });
    expect(sim.messages(id).filter((m) => m.message_type === 1).map((m) => m.content)).toEqual([long]);

    run.type(`#${id} Dear Eve,\\${ENTER}`);
    await screen('the continuation prompt', () => run.cursorLine() === '… ');
    run.type(`all fixed.${ENTER}`);
    await waitFor(() => sim.messages(id).at(-1)?.content === 'Dear Eve,\nall fixed.', { timeoutMs: 20_000, what: 'the two-line reply' });
  }, 60_000);

  it('Ctrl-D stops the bot like /quit', async () => {
    const { sim, run } = await startConsole();
    run.type(CTRL_D);
    const { exitCode } = await run.exited;
    expect(exitCode).toBe(0);
    expect(run.text()).toContain('switchboard stopped');
    await waitFor(() => sim.cable.closes.at(-1)?.code === 1000, { what: 'the cable closed with 1000' });
  }, 60_000);
});
