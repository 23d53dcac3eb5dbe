import { describe, expect, it } from 'vitest';
import { parseLabelChanges } from '../../../src/core/commands/built-in-commands.ts';
import { conversation, fakeChatwoot, NOW, setupBuiltIns, UNMAPPED } from './fake-chatwoot.ts';
import { runCommand, VISITOR } from './run-command.ts';

describe('built-ins: reply and note', () => {
  it('sends a reply to the numbered conversation with the surface as origin', async () => {
    const { registry, writes } = setupBuiltIns();
    const run = await runCommand(registry, `reply 42 Hi Jane, we're on it`, { surface: 'slack', conversationId: 7 });
    expect(writes()).toEqual([['reply', 42, `Hi Jane, we're on it`, { origin: { surface: 'slack' } }]]);
    expect(run).toMatchObject({ ok: true, replies: [], privateReplies: ['sent to #42'] });
  });

  it('writes a note to the conversation of the thread', async () => {
    const { registry, writes } = setupBuiltIns();
    const run = await runCommand(registry, 'note customer is "VIP"', { conversationId: 42 });
    expect(writes()).toEqual([['note', 42, 'customer is "VIP"', { origin: { surface: 'console' } }]]);
    expect(run.privateReplies).toEqual(['note added to #42']);
  });

  it('needs text, a conversation and the agent role', async () => {
    const { registry, writes } = setupBuiltIns();
    expect((await runCommand(registry, 'reply', { conversationId: 42 })).privateReplies).toEqual(['missing <text>\nusage: reply [conversation] <text...>']);
    expect((await runCommand(registry, 'reply 42')).privateReplies).toEqual(['missing <text>\nusage: reply [conversation] <text...>']);
    expect((await runCommand(registry, 'note hello')).privateReplies).toEqual([
      'no conversation here: run it in a conversation thread or pass its number, e.g. "note 42 <text>"',
    ]);
    expect((await runCommand(registry, 'reply 42 hi', { user: VISITOR })).privateReplies).toEqual(['"reply" needs the agent role']);
    expect(writes()).toEqual([]);
    // In a thread, a lone number is the text to send.
    await runCommand(registry, 'reply 42', { conversationId: 42 });
    expect(writes()).toEqual([['reply', 42, '42', { origin: { surface: 'console' } }]]);
  });
});

describe('built-ins: resolve, reopen, snooze', () => {
  it('sets the status and tells everyone who did it', async () => {
    const { registry, writes } = setupBuiltIns();
    expect((await runCommand(registry, 'resolve 42')).replies).toEqual(['Ann resolved #42']);
    expect((await runCommand(registry, 'close', { conversationId: 42 })).replies).toEqual(['Ann resolved #42']);
    expect((await runCommand(registry, 'reopen #42', { conversationId: 5 })).replies).toEqual(['Ann reopened #42']);
    expect(writes()).toEqual([
      ['setStatus', 42, 'resolved'],
      ['setStatus', 42, 'resolved'],
      ['setStatus', 42, 'open'],
    ]);
  });

  it('snoozes until now plus the duration, in unix seconds', async () => {
    const { registry, writes } = setupBuiltIns();
    expect((await runCommand(registry, 'snooze 2h 42')).replies).toEqual(['Ann snoozed #42 for 2h (until 2025-01-15 14:00 UTC)']);
    expect((await runCommand(registry, 'snooze 1h30m', { conversationId: 42 })).replies).toEqual(['Ann snoozed #42 for 1h 30m (until 2025-01-15 13:30 UTC)']);
    expect(writes()).toEqual([
      ['setStatus', 42, 'snoozed', { snoozedUntil: NOW / 1000 + 7200 }],
      ['setStatus', 42, 'snoozed', { snoozedUntil: NOW / 1000 + 5400 }],
    ]);
  });

  it('snoozes until tomorrow morning', async () => {
    const { registry, writes } = setupBuiltIns();
    await runCommand(registry, 'snooze tomorrow 42');
    const until = (writes()[0]?.[3] as { snoozedUntil: number }).snoozedUntil;
    // Local time, whatever the machine's time zone: 09:00 on the next calendar day.
    const date = new Date(until * 1000);
    const today = new Date(NOW);
    const days = (new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime() - new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime()) / 86_400_000;
    expect([Math.round(days), date.getHours(), date.getMinutes(), date.getSeconds()]).toEqual([1, 9, 0, 0]);
  });

  it('refuses a bad duration, a missing conversation and users without the agent role', async () => {
    const { registry, writes } = setupBuiltIns();
    expect((await runCommand(registry, 'snooze later 42')).privateReplies[0]).toMatch(/^"later" is not a duration \(try 90s, 30m, 2h, 1d, 1w, 1h30m or tomorrow\)\nusage: snooze <duration> \[conversation\]$/);
    expect((await runCommand(registry, 'snooze 2h')).privateReplies).toEqual(['no conversation here: run it in a conversation thread or pass its number, e.g. "snooze 2h 42"']);
    expect((await runCommand(registry, 'resolve 42', { user: VISITOR })).privateReplies).toEqual(['"resolve" needs the agent role']);
    expect(writes()).toEqual([]);
  });

  it('reports a write Chatwoot rejects, and one it has not confirmed yet', async () => {
    const never = new Promise(() => undefined);
    const failing = fakeChatwoot({
      conversations: [conversation(42), conversation(43)],
      delivered: ([, id]) => (id === 43 ? never : Promise.reject(new Error('422 from POST …/toggle_status: invalid status'))),
    });
    const { registry, lines } = setupBuiltIns(failing, { deliveryTimeoutMs: 5 });
    expect(await runCommand(registry, 'resolve 42')).toMatchObject({ ok: false, replies: [], privateReplies: ['"resolve" failed: #42 was not resolved: its status is unchanged. Chatwoot said: 422 from POST …/toggle_status: invalid status'] });
    expect(lines.find((l) => l['msg'] === 'command failed')).toMatchObject({ plugin: 'core', command: 'resolve' });
    expect((await runCommand(registry, 'resolve 43')).replies).toEqual(['Ann resolved #43 (queued: Chatwoot has not confirmed it yet)']);
    expect((await runCommand(registry, 'resolve 99')).privateReplies).toEqual(['there is no conversation #99']);
  });

  it('says what did not happen for each kind of write Chatwoot refuses', async () => {
    const failing = fakeChatwoot({ conversations: [conversation(42)], delivered: () => Promise.reject(new Error('422 from Chatwoot')) });
    const { registry } = setupBuiltIns(failing, { deliveryTimeoutMs: 50 });
    const said = async (text: string) => (await runCommand(registry, text)).privateReplies[0];
    expect(await said('reply 42 hello')).toBe('"reply" failed: your reply to #42 was not delivered: the customer did not get it. Chatwoot said: 422 from Chatwoot');
    expect(await said('note 42 internal')).toBe('"note" failed: your note on #42 was not saved in Chatwoot. Chatwoot said: 422 from Chatwoot');
    expect(await said('reopen 42')).toBe('"reopen" failed: #42 was not reopened: its status is unchanged. Chatwoot said: 422 from Chatwoot');
    expect(await said('snooze 2h 42')).toBe('"snooze" failed: #42 was not snoozed: its status is unchanged. Chatwoot said: 422 from Chatwoot');
    expect(await said('assign none 42')).toBe('"assign" failed: #42 was not unassigned: its assignee is unchanged. Chatwoot said: 422 from Chatwoot');
    expect(await said('label 42 +vip')).toBe('"label" failed: the labels of #42 were not changed. Chatwoot said: 422 from Chatwoot');
  });

  it('accepts writes that are plain async functions', async () => {
    const recorded: unknown[][] = [];
    const { registry } = setupBuiltIns(undefined, {
      writes: {
        reply: async () => undefined,
        note: async () => undefined,
        setStatus: async (...args) => void recorded.push(args),
        assign: async () => undefined,
        label: async () => ['vip'],
      },
    });
    expect((await runCommand(registry, 'reopen 42')).replies).toEqual(['Ann reopened #42']);
    expect(recorded).toEqual([[42, 'open']]);
    expect((await runCommand(registry, 'label 42 vip')).replies).toEqual(['Ann labelled #42: +vip (now: vip)']);
  });
});

describe('built-ins: assign', () => {
  it('assigns by name prefix, email or id', async () => {
    const { registry, writes } = setupBuiltIns();
    expect((await runCommand(registry, 'assign ali 42')).replies).toEqual(['Ann assigned #42 to Alice Smith']);
    expect((await runCommand(registry, 'assign alan@example.com', { conversationId: 42 })).replies).toEqual(['Ann assigned #42 to Alan Po']);
    expect((await runCommand(registry, 'assign 7', { conversationId: 42 })).replies).toEqual(['Ann assigned #42 to Ann Lee']);
    expect((await runCommand(registry, 'assign "alice smith" #42')).ok).toBe(true);
    expect(writes()).toEqual([
      ['assign', 42, 8],
      ['assign', 42, 9],
      ['assign', 42, 7],
      ['assign', 42, 8],
    ]);
  });

  it('assigns to the invoking agent with "me", and to nobody with "none"', async () => {
    const { registry, writes, calls } = setupBuiltIns();
    expect((await runCommand(registry, 'assign me 42')).replies).toEqual(['Ann assigned #42 to themselves']);
    expect((await runCommand(registry, 'assign NONE 42')).replies).toEqual(['Ann unassigned #42']);
    expect(writes()).toEqual([
      ['assign', 42, 7],
      ['assign', 42, null],
    ]);
    expect(calls.some(([name]) => name === 'listAgents')).toBe(false);
  });

  it('lists the candidates when the name is ambiguous and writes nothing', async () => {
    const { registry, writes } = setupBuiltIns();
    const run = await runCommand(registry, 'assign al 42');
    expect(run).toMatchObject({ ok: false, replies: [] });
    expect(run.privateReplies).toEqual([
      '"al" matches 2 agents: Alice Smith (alice@example.com, id 8); Alan Po (alan@example.com, id 9). Use the email or the id.',
    ]);
    expect((await runCommand(registry, 'assign zed 42')).privateReplies).toEqual([
      expect.stringMatching(/^no agent matches "zed"\. Agents: .*Alice Smith \(alice@example\.com, id 8\); Alan Po \(alan@example\.com, id 9\)/),
    ]);
    expect(writes()).toEqual([]);
  });

  it('says "me" needs a mapped agent', async () => {
    const { registry, writes } = setupBuiltIns();
    const run = await runCommand(registry, 'assign me 42', { user: UNMAPPED });
    expect(run.privateReplies).toEqual(['you are not mapped to a Chatwoot agent, so "me" cannot work here; name the agent instead, e.g. "assign alice 42"']);
    expect(writes()).toEqual([]);
  });

  it('needs an agent', async () => {
    const { registry } = setupBuiltIns();
    expect((await runCommand(registry, 'assign', { conversationId: 42 })).privateReplies).toEqual(['missing <agent>\nusage: assign <agent> [conversation]']);
  });
});

describe('built-ins: label', () => {
  it('adds +labels and bare labels, removes -labels, lower-cased', async () => {
    const { registry, writes } = setupBuiltIns();
    const run = await runCommand(registry, 'label +VIP -spam billing', { conversationId: 42 });
    expect(writes()).toEqual([['label', 42, { add: ['vip', 'billing'], remove: ['spam'] }]]);
    expect(run.replies).toEqual(['Ann labelled #42: +vip +billing -spam']);
  });

  it('takes a leading conversation number and shows the resulting labels when Chatwoot returns them', async () => {
    const chatwoot = fakeChatwoot({ conversations: [conversation(42)], delivered: () => Promise.resolve(['billing', 'vip']) });
    const { registry, writes } = setupBuiltIns(chatwoot);
    expect((await runCommand(registry, 'label #42 vip,billing')).replies).toEqual(['Ann labelled #42: +vip +billing (now: billing, vip)']);
    expect(writes()).toEqual([['label', 42, { add: ['vip', 'billing'], remove: [] }]]);
  });

  it('refuses labels Chatwoot would not accept', async () => {
    const { registry, writes } = setupBuiltIns();
    expect((await runCommand(registry, 'label 42 +a.b')).privateReplies).toEqual(['"+a.b" is not a label: use letters, digits, _ and -, with + to add or - to remove']);
    expect((await runCommand(registry, 'label 42 +x -x')).privateReplies).toEqual(['"x" is both added and removed']);
    expect((await runCommand(registry, 'label', { conversationId: 42 })).privateReplies).toEqual(['missing <labels>\nusage: label [conversation] <labels...>']);
    expect(writes()).toEqual([]);
  });

  it('parses label changes', () => {
    expect(parseLabelChanges(' +a  -b c,d +a ')).toEqual({ add: ['a', 'c', 'd'], remove: ['b'] });
    expect(() => parseLabelChanges('+')).toThrow('"+" is not a label');
  });
});
