import type { Conversation } from '../../chatwoot/models.ts';
import type { ListConversationsInput } from '../../chatwoot/rest/types.ts';
import { BUILT_IN_PLUGIN, type BuiltInDeps } from './built-in-deps.ts';
import { CommandError, type CommandContext, type CommandRegistry } from './command-types.ts';
import { withConversation } from './with-conversation.ts';
import { conversationLink, formatConversationDetails, formatConversationLine } from './format-conversation.ts';
import { formatStatus } from './format-status.ts';

/** Lines `list` shows; the rest is counted. */
const LIST_LIMIT = 15;
/** Messages `show` prints. */
const SHOW_MESSAGES = 5;
// `mine` filters client-side (Chatwoot's `assignee_type=me` means the bot's token user), so it pages.
const MINE_MAX_PAGES = 4;
const PAGE_SIZE = 25;

const LIST_FILTERS = ['open', 'pending', 'mine', 'unassigned'];

async function listConversations(cmd: CommandContext, deps: BuiltInDeps): Promise<string> {
  const which = (cmd.args['which'] as string | undefined) ?? 'open';
  const now = deps.now ?? Date.now;
  const options = { signal: cmd.signal };
  if (which === 'mine') {
    const agentId = cmd.user.chatwootAgentId;
    if (agentId === undefined) throw new CommandError('you are not mapped to a Chatwoot agent, so there is nothing that is "mine"; try "list open"');
    const mine: Conversation[] = [];
    let more = false;
    for (let page = 1; page <= MINE_MAX_PAGES; page += 1) {
      const { conversations } = await deps.rest.listConversations({ status: 'open', assigneeType: 'assigned', page }, options);
      mine.push(...conversations.filter((c) => c.meta?.assignee?.type === 'user' && c.meta.assignee.id === agentId));
      more = conversations.length >= PAGE_SIZE;
      if (!more) break;
    }
    return render('Your open conversations', mine, mine.length, now(), more);
  }
  const input: ListConversationsInput = which === 'pending' ? { status: 'pending' } : { status: 'open' };
  if (which === 'unassigned') input.assigneeType = 'unassigned';
  const { meta, conversations } = await deps.rest.listConversations(input, options);
  const total = which === 'unassigned' ? meta.unassigned_count : meta.all_count;
  const title = which === 'unassigned' ? 'Unassigned open conversations' : which === 'pending' ? 'Pending conversations' : 'Open conversations';
  return render(title, conversations, Math.max(total, conversations.length), now(), false);
}

function render(title: string, conversations: Conversation[], total: number, nowMs: number, more: boolean): string {
  if (conversations.length === 0) return `${title}: none.`;
  const shown = conversations.slice(0, LIST_LIMIT);
  const plus = more ? '+' : '';
  const count = shown.length < total ? `${shown.length} of ${total}${plus}` : `${total}${plus}`;
  return [`${title} (${count}):`, ...shown.map((c) => `  ${formatConversationLine(c, nowMs)}`)].join('\n');
}

/** Registers `help`, `list`, `show` and `status`: anyone may run them; they answer privately. */
export function registerReadCommands(registry: CommandRegistry, deps: BuiltInDeps): void {
  const now = deps.now ?? Date.now;

  registry.register(
    BUILT_IN_PLUGIN,
    { name: 'help', description: 'List commands, or explain one', args: [{ name: 'command', description: 'a command name' }] },
    async (cmd) => {
      const name = cmd.args['command'] as string | undefined;
      const known = name === undefined || registry.list().some(({ spec }) => spec.name === name.toLowerCase() || spec.aliases?.includes(name.toLowerCase()));
      if (!known) throw new CommandError(registry.help(name));
      await cmd.replyPrivately(registry.help(name));
    },
  );

  registry.register(
    BUILT_IN_PLUGIN,
    {
      name: 'list',
      description: 'List conversations: open (default), pending, mine or unassigned',
      args: [{ name: 'which', choices: LIST_FILTERS, description: 'which conversations (default open)' }],
      aliases: ['ls'],
    },
    async (cmd) => cmd.replyPrivately(await listConversations(cmd, deps)),
  );

  registry.register(
    BUILT_IN_PLUGIN,
    {
      name: 'show',
      description: 'Show a conversation: contact, status, assignee, labels, last messages and link',
      args: [{ name: 'conversation', type: 'conversation' }],
      conversation: 'required',
    },
    async (cmd) => {
      const id = cmd.conversationId as number;
      const options = { signal: cmd.signal };
      const [conversation, page] = await withConversation(id, () =>
        Promise.all([deps.rest.getConversation(id, options), deps.rest.listMessages(id, undefined, options)]),
      );
      const recent = page.messages.filter((m) => m.message_type !== 'activity').slice(-SHOW_MESSAGES);
      const link = conversationLink(deps.chatwootUrl, deps.accountId, id);
      await cmd.replyPrivately(formatConversationDetails({ ...conversation, id: conversation.id ?? id }, recent, { link, nowMs: now() }));
    },
  );

  registry.register(BUILT_IN_PLUGIN, { name: 'status', description: 'Show the bridge health' }, async (cmd) => {
    const lines = formatStatus(deps.status(), now());
    await cmd.replyPrivately(lines.length ? ['Switchboard status:', ...lines.map((l) => `  ${l}`)].join('\n') : 'Switchboard status: nothing to report');
  });
}
