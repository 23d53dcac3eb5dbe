import { describe, expect, it } from 'vitest';
import { AGENTS, conversation, fakeChatwoot, message, NOW, setupBuiltIns, UNMAPPED } from './fake-chatwoot.ts';
import { runCommand, VISITOR } from './run-command.ts';

describe('built-ins: help', () => {
  it('lists every built-in privately, or explains one', async () => {
    const { registry } = setupBuiltIns();
    const all = await runCommand(registry, 'help');
    expect(all.replies).toEqual([]);
    expect(all.privateReplies[0]).toBe(registry.help());
    for (const name of ['assign', 'help', 'label', 'list', 'note', 'reopen', 'reply', 'resolve', 'show', 'snooze', 'status']) {
      expect(all.privateReplies[0]).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    }
    expect((await runCommand(registry, 'help close')).privateReplies[0]).toMatch(/^resolve \[conversation\]\nResolve a conversation\nAliases: close/);
    expect(await runCommand(registry, 'help snoz')).toMatchObject({ ok: false, privateReplies: ['unknown command "snoz" — did you mean "snooze"? Try "help".'] });
  });
});

describe('built-ins: list', () => {
  const chatwoot = () =>
    fakeChatwoot({
      conversations: [
        conversation(1, { contact: 'Jane Doe', assignee: 7, labels: ['vip', 'billing'] }),
        conversation(2, { contact: 'Joe', last_activity_at: NOW / 1000 - 7200 }),
        conversation(3, { status: 'pending', assignee: 8 }),
        conversation(4, { status: 'resolved' }),
      ],
    });

  it('shows open conversations by default, privately', async () => {
    const { registry, calls } = setupBuiltIns(chatwoot());
    const run = await runCommand(registry, 'list', { user: VISITOR });
    expect(run.replies).toEqual([]);
    expect(run.privateReplies).toEqual(['Open conversations (2):\n  #1 Jane Doe · Ann Lee · [vip, billing] · 5m ago\n  #2 Joe · unassigned · 2h ago']);
    expect(calls).toEqual([['listConversations', { status: 'open' }]]);
  });

  it('shows pending and unassigned conversations', async () => {
    const { registry, calls } = setupBuiltIns(chatwoot());
    expect((await runCommand(registry, 'list pending')).privateReplies[0]).toBe('Pending conversations (1):\n  #3 Customer 3 · Alice Smith · pending · 5m ago');
    expect((await runCommand(registry, 'ls Unassigned')).privateReplies[0]).toBe('Unassigned open conversations (1):\n  #2 Joe · unassigned · 2h ago');
    expect(calls.map((c) => c[1])).toEqual([{ status: 'pending' }, { status: 'open', assigneeType: 'unassigned' }]);
  });

  it('shows "mine" as the open conversations assigned to the invoking agent, across pages', async () => {
    const many = Array.from({ length: 30 }, (_, i) => conversation(100 + i, { assignee: i % 2 ? 7 : 8 }));
    const { registry, calls } = setupBuiltIns(fakeChatwoot({ conversations: many }));
    const run = await runCommand(registry, 'list mine');
    expect(run.privateReplies[0]).toMatch(/^Your open conversations \(15\):\n {2}#101 /);
    expect(run.privateReplies[0]?.split('\n')).toHaveLength(16);
    expect(run.privateReplies[0]).not.toContain('Alice Smith');
    expect(calls.map((c) => c[1])).toEqual([
      { status: 'open', assigneeType: 'assigned', page: 1 },
      { status: 'open', assigneeType: 'assigned', page: 2 },
    ]);
  });

  it('caps the list and says how many there are', async () => {
    const { registry } = setupBuiltIns(fakeChatwoot({ conversations: Array.from({ length: 40 }, (_, i) => conversation(i + 1)) }));
    const text = (await runCommand(registry, 'list')).privateReplies[0] as string;
    expect(text.split('\n')[0]).toBe('Open conversations (15 of 40):');
    expect(text.split('\n')).toHaveLength(16);
  });

  it('says so when there is nothing, refuses "mine" for an unmapped user and unknown filters', async () => {
    const { registry, calls } = setupBuiltIns(fakeChatwoot());
    expect((await runCommand(registry, 'list')).privateReplies).toEqual(['Open conversations: none.']);
    expect((await runCommand(registry, 'list mine', { user: UNMAPPED })).privateReplies[0]).toMatch(/^you are not mapped to a Chatwoot agent/);
    expect((await runCommand(registry, 'list closed')).privateReplies[0]).toBe(
      '"closed" is not one of: open, pending, mine, unassigned\nusage: list [open|pending|mine|unassigned]',
    );
    expect(calls).toHaveLength(1);
  });
});

describe('built-ins: show', () => {
  const chatwoot = () =>
    fakeChatwoot({
      conversations: [
        conversation(42, {
          labels: ['vip'],
          meta: { sender: { id: 1, name: 'Jane Doe', email: 'jane@example.com', type: 'contact' }, assignee: AGENTS[1] ?? null, team: { id: 1, name: 'Billing' } },
        }),
        conversation(43, { status: 'snoozed', snoozed_until: NOW / 1000 + 3600 }),
      ],
      messages: [
        message(1, 42, { from: 'Jane Doe', content: 'the oldest, not shown' }),
        message(2, 42, { from: 'Jane Doe', content: 'also too old' }),
        message(3, 42, { message_type: 'activity', content: 'Conversation was assigned', sender: undefined }),
        message(4, 42, { message_type: 'outgoing', private: true, from: 'Alice Smith', content: 'customer is VIP' }),
        message(5, 42, { message_type: 'outgoing', from: 'Alice Smith', content: 'On it!' }),
        message(6, 42, { from: 'Jane Doe', content: null, attachments: [{ id: 1, file_type: 'image', data_url: 'https://x/y.png' }] }),
        message(7, 42, { from: 'Jane Doe', content: 'thanks,\n  bye for now' }),
        message(8, 42, { from: 'Jane Doe', content: 'bye', content_attributes: { deleted: true } }),
      ],
    });

  it('shows contact, status, assignee, labels, inbox, the last messages with notes marked, and the link', async () => {
    const { registry } = setupBuiltIns(chatwoot());
    const run = await runCommand(registry, 'show #42', { user: VISITOR });
    expect(run.privateReplies).toEqual([
      [
        '#42 · open · Jane Doe <jane@example.com>',
        'Assignee: Alice Smith · Team: Billing',
        'Labels: vip',
        'Inbox: 3 (Channel::WebWidget)',
        'Last messages:',
        '  56m ago Alice Smith [private note]: customer is VIP',
        '  55m ago Alice Smith: On it!',
        '  54m ago Jane Doe: (1 attachment)',
        '  53m ago Jane Doe: thanks, bye for now',
        '  52m ago Jane Doe: (deleted)',
        'https://chat.example.com/app/accounts/1/conversations/42',
      ].join('\n'),
    ]);
  });

  it('uses the conversation of the thread, and mentions a snooze', async () => {
    const { registry, calls } = setupBuiltIns(chatwoot());
    const text = (await runCommand(registry, 'show', { conversationId: 43 })).privateReplies[0] as string;
    expect(text).toContain('#43 · snoozed · ');
    expect(text).toContain('Snoozed until 2025-01-15 13:00 UTC');
    expect(text).toContain('No messages yet.');
    expect(calls).toContainEqual(['getConversation', 43]);
  });

  it('says when the conversation does not exist', async () => {
    const { registry, lines } = setupBuiltIns(chatwoot());
    expect(await runCommand(registry, 'show 99')).toMatchObject({ ok: false, privateReplies: ['there is no conversation #99'] });
    expect(lines.some((l) => l['msg'] === 'command failed')).toBe(false);
  });
});

describe('built-ins: status', () => {
  it('renders the bridge status in words and human units, privately, for anyone', async () => {
    const { registry } = setupBuiltIns();
    const run = await runCommand(registry, 'status', { user: VISITOR });
    expect(run.privateReplies).toEqual([
      [
        'Switchboard status:',
        '  Chatwoot: live (subscribed to RoomChannel)',
        '  Plugins: all running',
        '  Writes to Chatwoot: 2 waiting to be delivered',
        '  Plugin calls: 12 handled, 0 failed',
        '  Last catch-up: none yet',
      ].join('\n'),
    ]);
  });

  it('says how long ago the last catch-up was, names paused plugins, and shows unknown keys as they are', async () => {
    const { registry } = setupBuiltIns(undefined, {
      status: () => ({ pausedPlugins: ['slack', 'crm'], lastCatchUp: { at: NOW - 5 * 60_000, messages: 3 }, bus: { delivered: 4, failed: 1, timedOut: 1, queued: 2 }, empty: {} }),
    });
    expect((await runCommand(registry, 'status')).privateReplies[0]).toBe(
      [
        'Switchboard status:',
        '  Plugins paused after repeated failures: slack, crm (resume <plugin> starts one again)',
        '  Plugin calls: 4 handled, 1 failed, 1 timed out, 2 queued',
        '  Last catch-up: 5 min ago, 3 missed messages re-read',
        '  empty: -',
      ].join('\n'),
    );
    const bare = setupBuiltIns(undefined, { status: () => ({}) });
    expect((await runCommand(bare.registry, 'status')).privateReplies).toEqual(['Switchboard status: nothing to report']);
  });

  it('registers every built-in under the core plugin, read commands for anyone and writes for agents', () => {
    const { registry } = setupBuiltIns();
    const permissions = Object.fromEntries(registry.list().map(({ plugin, spec }) => [spec.name, `${plugin}:${spec.permission ?? 'anyone'}`]));
    expect(permissions).toEqual({
      help: 'core:anyone',
      list: 'core:anyone',
      show: 'core:anyone',
      status: 'core:anyone',
      reply: 'core:agent',
      note: 'core:agent',
      resolve: 'core:agent',
      reopen: 'core:agent',
      snooze: 'core:agent',
      assign: 'core:agent',
      label: 'core:agent',
    });
  });
});
