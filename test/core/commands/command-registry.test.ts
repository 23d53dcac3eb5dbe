import { describe, expect, it } from 'vitest';
import { CommandError, createCommandRegistry, type CommandContext } from '../../../src/core/commands/create-command-registry.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { AGENT, runCommand, VISITOR } from './run-command.ts';

function setup(options: Partial<Parameters<typeof createCommandRegistry>[0]> = {}) {
  const capture = captureLog();
  const registry = createCommandRegistry({ log: capture.log, ...options });
  const seen: CommandContext[] = [];
  const record = (cmd: CommandContext) => void seen.push(cmd);
  registry.register('core', { name: 'resolve', description: 'Resolve a conversation', conversation: 'required', permission: 'agent', aliases: ['close'] }, record);
  registry.register('core', { name: 'reopen', description: 'Reopen a conversation', conversation: 'required', permission: 'agent' }, record);
  registry.register(
    'core',
    { name: 'snooze', description: 'Snooze a conversation', args: [{ name: 'duration', type: 'duration', required: true }], conversation: 'required' },
    record,
  );
  registry.register(
    'core',
    {
      name: 'reply',
      description: 'Reply to the customer',
      args: [{ name: 'conversation', type: 'conversation' }, { name: 'text', type: 'rest', required: true }],
      conversation: 'required',
    },
    record,
  );
  registry.register('ops', { name: 'peek', description: 'Peek', conversation: 'optional' }, record);
  return { registry, seen, ...capture };
}

describe('createCommandRegistry: dispatch', () => {
  it('runs the handler with parsed args, the user, the surface and a signal', async () => {
    const { registry, seen } = setup();
    const run = await runCommand(registry, 'snooze 90m 42', { surface: 'slack' });
    expect(run).toMatchObject({ ok: true, command: 'snooze', privateReplies: [] });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ name: 'snooze', surface: 'slack', user: AGENT, args: { duration: 5400, conversation: 42 }, conversationId: 42 });
    expect(seen[0]?.signal).toBeInstanceOf(AbortSignal);
  });

  it('finds commands through aliases and ignores the case of the name', async () => {
    const { registry, seen } = setup();
    expect(await runCommand(registry, 'CLOSE 5')).toMatchObject({ ok: true, command: 'resolve' });
    expect(seen[0]?.name).toBe('resolve');
  });

  it('suggests the nearest command for a typo', async () => {
    const { registry, seen } = setup();
    const run = await runCommand(registry, 'resolv 42');
    expect(run.ok).toBe(false);
    expect(run.privateReplies).toEqual(['unknown command "resolv" — did you mean "resolve"? Try "help".']);
    expect((await runCommand(registry, 'frobnicate')).privateReplies).toEqual(['unknown command "frobnicate". Try "help".']);
    expect((await runCommand(registry, '   ')).error).toBe('no command given. Try "help".');
    expect(seen).toHaveLength(0);
  });

  it('answers a usage error with the problem and the synopsis', async () => {
    const { registry, seen } = setup();
    const run = await runCommand(registry, 'snooze soon', { conversationId: 3 });
    expect(run).toMatchObject({ ok: false, command: 'snooze' });
    expect(run.privateReplies).toHaveLength(1);
    expect(run.privateReplies[0]).toMatch(/^"soon" is not a duration .*\nusage: snooze <duration> \[conversation\]$/);
    expect(seen).toHaveLength(0);
  });

  it('denies a command the user lacks the role for, before looking at the arguments', async () => {
    const { registry, seen, lines } = setup();
    const run = await runCommand(registry, 'resolve nonsense', { user: VISITOR });
    expect(run).toMatchObject({ ok: false, command: 'resolve', privateReplies: ['"resolve" needs the agent role'] });
    expect(seen).toHaveLength(0);
    expect(lines.find((l) => l['msg'] === 'command denied')).toMatchObject({ plugin: 'core', command: 'resolve', user: 'U2' });
  });

  it('applies the default permission rules', async () => {
    const { registry } = setup();
    registry.register('core', { name: 'purge', description: 'Admins only', permission: 'admin' }, () => undefined);
    registry.register('core', { name: 'page', description: 'On-call only', permission: 'oncall' }, () => undefined);
    const user = (roles: string[], chatwootAgentId?: number) => ({ id: 'U', name: 'U', roles, ...(chatwootAgentId ? { chatwootAgentId } : {}) });
    const ok = async (text: string, u: ReturnType<typeof user>) => (await runCommand(registry, text, { user: u })).ok;
    expect(await ok('resolve 1', user([], 3))).toBe(true);
    expect(await ok('resolve 1', user(['agent']))).toBe(true);
    expect(await ok('resolve 1', user(['admin']))).toBe(true);
    expect(await ok('resolve 1', user(['oncall']))).toBe(false);
    expect(await ok('purge', user(['agent'], 3))).toBe(false);
    expect(await ok('purge', user(['admin']))).toBe(true);
    expect(await ok('page', user(['admin']))).toBe(false);
    expect(await ok('page', user(['oncall']))).toBe(true);
    expect(await ok('peek', user([]))).toBe(true);
  });

  it('uses a custom permission check instead, and treats its throw as a denial', async () => {
    const asked: string[] = [];
    const { registry } = setup({
      checkPermission: (u, permission) => {
        asked.push(`${u.id}:${permission}`);
        if (permission === 'anyone') throw new Error('directory down');
        return u.id === 'U2';
      },
    });
    expect((await runCommand(registry, 'resolve 1', { user: VISITOR })).ok).toBe(true);
    expect((await runCommand(registry, 'resolve 1', { user: AGENT })).ok).toBe(false);
    expect((await runCommand(registry, 'peek', { user: VISITOR })).privateReplies).toEqual(['"peek" needs the anyone role']);
    expect(asked).toEqual(['U2:agent', 'U1:agent', 'U2:anyone']);
  });
});

describe('createCommandRegistry: the conversation', () => {
  it('prefers an explicit number over the surface context', async () => {
    const { registry, seen } = setup();
    await runCommand(registry, 'resolve 42', { conversationId: 7 });
    await runCommand(registry, 'reply #43 hi', { conversationId: 7 });
    expect(seen.map((c) => c.conversationId)).toEqual([42, 43]);
  });

  it('falls back to the surface context', async () => {
    const { registry, seen } = setup();
    await runCommand(registry, 'resolve', { conversationId: 7 });
    await runCommand(registry, 'reply hello there', { conversationId: 7 });
    await runCommand(registry, 'snooze 1d', { conversationId: 7 });
    expect(seen.map((c) => [c.name, c.conversationId, c.args])).toEqual([
      ['resolve', 7, {}],
      ['reply', 7, { text: 'hello there' }],
      ['snooze', 7, { duration: 86_400 }],
    ]);
  });

  it('refuses a required conversation that is neither given nor in context', async () => {
    const { registry, seen } = setup();
    expect((await runCommand(registry, 'resolve')).privateReplies).toEqual([
      'no conversation here: run it in a conversation thread or pass its number, e.g. "resolve 42"',
    ]);
    expect((await runCommand(registry, 'snooze 2h')).error).toBe('no conversation here: run it in a conversation thread or pass its number, e.g. "snooze 2h 42"');
    expect((await runCommand(registry, 'reply hello')).error).toContain('e.g. "reply 42 <text>"');
    expect(seen).toHaveLength(0);
  });

  it('only suggests a thread when the command cannot take a number', async () => {
    const { registry } = setup();
    registry.register('ops', { name: 'summarize', description: 'Summarize', args: [{ name: 'style', type: 'rest' }], conversation: 'required' }, () => undefined);
    expect((await runCommand(registry, 'summarize 42 briefly')).privateReplies).toEqual(['no conversation here: run it in a conversation thread']);
    expect((await runCommand(registry, 'summarize briefly', { conversationId: 42 })).ok).toBe(true);
  });

  it('says what is missing when a number was given but the rest is not', async () => {
    const { registry } = setup();
    expect((await runCommand(registry, 'reply 42')).privateReplies).toEqual(['missing <text>\nusage: reply [conversation] <text...>']);
    expect((await runCommand(registry, 'snooze soon')).privateReplies[0]).toMatch(/^"soon" is not a duration/);
  });

  it('lets an optional conversation be absent, and ignores a bogus context id', async () => {
    const { registry, seen } = setup();
    await runCommand(registry, 'peek');
    await runCommand(registry, 'peek', { conversationId: -1 });
    await runCommand(registry, 'peek', { conversationId: 9 });
    expect(seen.map((c) => c.conversationId)).toEqual([undefined, undefined, 9]);
    expect('conversationId' in (seen[0] as object)).toBe(false);
  });

  it('gives no conversation to commands that want none', async () => {
    const { registry, seen } = setup();
    registry.register('core', { name: 'whoami', description: 'Who am I' }, (cmd) => void seen.push(cmd));
    await runCommand(registry, 'whoami', { conversationId: 9 });
    expect(seen[0]?.conversationId).toBeUndefined();
  });
});

describe('createCommandRegistry: failures', () => {
  it('turns a throwing handler into a private error reply and logs plugin and command, not the text', async () => {
    const { registry, lines, text } = setup();
    registry.register('crm', { name: 'sync', description: 'Sync', args: [{ name: 'what', type: 'rest' }] }, async () => {
      throw new Error('CRM is down');
    });
    const run = await runCommand(registry, 'sync secret-customer-words');
    expect(run).toEqual({ ok: false, command: 'sync', error: '"sync" failed: CRM is down', replies: [], privateReplies: ['"sync" failed: CRM is down'] });
    expect(lines.find((l) => l['msg'] === 'command failed')).toMatchObject({ level: 50, plugin: 'crm', command: 'sync', surface: 'console' });
    expect(text()).not.toContain('secret-customer-words');
  });

  it('sends a CommandError message as is', async () => {
    const { registry, lines } = setup();
    registry.register('core', { name: 'me', description: 'Me' }, () => {
      throw new CommandError('you are not mapped to a Chatwoot agent');
    });
    expect((await runCommand(registry, 'me')).privateReplies).toEqual(['you are not mapped to a Chatwoot agent']);
    expect(lines.some((l) => l['msg'] === 'command failed')).toBe(false);
  });

  it('never throws, even when the error reply cannot be sent', async () => {
    const { registry, lines } = setup();
    const outcome = await registry.dispatch({
      surface: 'slack',
      text: 'nope',
      user: AGENT,
      reply: async () => undefined,
      replyPrivately: async () => {
        throw new Error('slack is down');
      },
    });
    expect(outcome).toEqual({ ok: false, error: 'unknown command "nope". Try "help".' });
    expect(lines.find((l) => l['msg'] === 'could not send a command error reply')).toBeDefined();
  });

  it('hands the handler a signal that aborts on shutdown or when the surface gives up', async () => {
    const shutdown = new AbortController();
    const { registry, seen } = setup({ signal: shutdown.signal });
    const surface = new AbortController();
    await runCommand(registry, 'peek');
    await runCommand(registry, 'peek', { signal: surface.signal });
    surface.abort();
    expect(seen.map((c) => c.signal.aborted)).toEqual([false, true]);
    shutdown.abort();
    expect(seen[0]?.signal.aborted).toBe(true);
  });
});

describe('createCommandRegistry: register', () => {
  it('refuses a duplicate name or alias, naming both plugins', () => {
    const { registry } = setup();
    expect(() => registry.register('slack', { name: 'resolve', description: 'x' }, () => undefined)).toThrow(
      'plugin "slack": command "resolve" clashes with command "resolve" registered by plugin "core"',
    );
    expect(() => registry.register('slack', { name: 'shut', description: 'x', aliases: ['close'] }, () => undefined)).toThrow(
      'plugin "slack": command "shut" clashes with alias "close" of "resolve" registered by plugin "core"',
    );
    expect(() => registry.register('slack', { name: 'close', description: 'x' }, () => undefined)).toThrow(/clashes with alias "close"/);
    expect(registry.list().map((c) => c.spec.name)).toEqual(['resolve', 'reopen', 'snooze', 'reply', 'peek']);
  });

  it.each([
    [{ name: 'Resolve', description: 'x' }, 'the name must be lowercase'],
    [{ name: 'x', description: ' ' }, 'needs a description'],
    [{ name: 'x', description: 'd', args: [{ name: 'text', type: 'rest' }, { name: 'more' }] }, 'argument "text" takes the rest of the text, so it must be last'],
    [{ name: 'x', description: 'd', args: [{ name: 'a' }, { name: 'a' }] }, 'argument "a" is declared twice'],
    [{ name: 'x', description: 'd', args: [{ name: 'a', type: 'date' }] }, 'unknown type "date"'],
    [{ name: 'x', description: 'd', args: [{ name: 'a', type: 'number', choices: ['1'] }] }, 'choices work with string arguments only'],
    [{ name: 'x', description: 'd', aliases: ['x'] }, 'its name and aliases repeat'],
    [{ name: 'x', description: 'd', conversation: 'maybe' }, 'conversation must be one of'],
    [{ name: 'x', description: 'd', conversation: 'required', args: [{ name: 'conversation' }] }, 'an argument named "conversation" must have type "conversation"'],
  ])('refuses an invalid spec %j', (spec, message) => {
    const { registry } = setup();
    expect(() => registry.register('bad-plugin', spec as never, () => undefined)).toThrow(message);
    expect(() => registry.register('bad-plugin', spec as never, () => undefined)).toThrow('plugin "bad-plugin"');
  });

  it('refuses a missing handler and keeps its own copy of the spec', () => {
    const { registry } = setup();
    expect(() => registry.register('p', { name: 'x', description: 'd' }, undefined as never)).toThrow('plugin "p": command "x" needs a handler function');
    const spec = { name: 'y', description: 'before', aliases: ['yy'] };
    registry.register('p', spec, () => undefined);
    spec.description = 'after';
    spec.aliases.push('yyy');
    expect(registry.list().at(-1)).toEqual({ plugin: 'p', spec: { name: 'y', description: 'before', aliases: ['yy'] } });
    expect(registry.help('yyy')).toMatch(/^unknown command/);
  });
});
