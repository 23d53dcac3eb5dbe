import type { ConversationStatus } from '../../chatwoot/models.ts';
import { awaitWrite, type WriteOutcome } from './await-write.ts';
import { BUILT_IN_PLUGIN, type BuiltInDeps } from './built-in-deps.ts';
import { CommandError, type CommandContext, type CommandRegistry } from './command-types.ts';
import { formatUtc } from './format-conversation.ts';
import { matchAgent } from './match-agent.ts';
import { withConversation } from './with-conversation.ts';
import { formatDuration } from './parse-duration.ts';

const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;
const LABEL = /^[\p{L}\p{N}_-]+$/u;
const QUEUED = ' (queued: Chatwoot has not confirmed it yet)';

/** Reads `+vip -spam billing` (commas work too); bare words are added. Chatwoot lower-cases labels. */
export function parseLabelChanges(text: string): { add: string[]; remove: string[] } {
  const add: string[] = [];
  const remove: string[] = [];
  for (const word of text.split(/[\s,]+/).filter(Boolean)) {
    const sign = word[0] === '-' || word[0] === '+' ? word[0] : '';
    const label = word.slice(sign.length).toLowerCase();
    if (!LABEL.test(label)) throw new CommandError(`"${word}" is not a label: use letters, digits, _ and -, with + to add or - to remove`);
    const list = sign === '-' ? remove : add;
    if (!list.includes(label)) list.push(label);
  }
  const both = add.filter((l) => remove.includes(l));
  if (both.length) throw new CommandError(`"${both[0]}" is both added and removed`);
  return { add, remove };
}

/** Registers the write commands; they need the agent permission. */
export function registerWriteCommands(registry: CommandRegistry, deps: BuiltInDeps): void {
  const now = deps.now ?? Date.now;
  const idOf = (cmd: CommandContext) => cmd.conversationId as number;
  const timeoutMs = deps.deliveryTimeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  /**
   * Runs the write and waits (up to the timeout) for Chatwoot. A write refused for good fails the
   * command with what did not happen first (the registry clips long messages), then Chatwoot's cause.
   */
  const settle = (cmd: CommandContext, write: () => Promise<unknown>, notDone: string): Promise<WriteOutcome> =>
    withConversation(idOf(cmd), () => awaitWrite(write(), { timeoutMs, signal: cmd.signal })).catch((error: unknown) => {
      // "there is no conversation #99" (and other refusals already in words) pass as they are.
      if (error instanceof CommandError) throw error;
      throw new Error(`${notDone}. Chatwoot said: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
  const suffix = (outcome: WriteOutcome) => (outcome.state === 'queued' ? QUEUED : '');

  for (const [name, isNote] of [['reply', false], ['note', true]] as const) {
    registry.register(
      BUILT_IN_PLUGIN,
      {
        name,
        description: isNote ? 'Add a private note (agents only)' : 'Send a reply the customer sees',
        args: [
          { name: 'conversation', type: 'conversation' },
          { name: 'text', type: 'rest', required: true, description: isNote ? 'the note' : 'the message to send' },
        ],
        conversation: 'required',
        permission: 'agent',
      },
      async (cmd) => {
        const id = idOf(cmd);
        const text = cmd.args['text'] as string;
        const options = { origin: { surface: cmd.surface } };
        const notDone = isNote ? `your note on #${id} was not saved in Chatwoot` : `your reply to #${id} was not delivered: the customer did not get it`;
        const outcome = await settle(cmd, () => (isNote ? deps.writes.note(id, text, options) : deps.writes.reply(id, text, options)), notDone);
        // Private: the message itself comes back through the mirror.
        await cmd.replyPrivately(`${isNote ? 'note added to' : 'sent to'} #${id}${suffix(outcome)}`);
      },
    );
  }

  const statusCommand = (name: string, status: ConversationStatus, verb: string, description: string, aliases?: string[]) =>
    registry.register(
      BUILT_IN_PLUGIN,
      { name, description, conversation: 'required', permission: 'agent', ...(aliases ? { aliases } : {}) },
      async (cmd) => {
        const outcome = await settle(cmd, () => deps.writes.setStatus(idOf(cmd), status), `#${idOf(cmd)} was not ${verb}: its status is unchanged`);
        await cmd.reply(`${cmd.user.name} ${verb} #${idOf(cmd)}${suffix(outcome)}`);
      },
    );
  statusCommand('resolve', 'resolved', 'resolved', 'Resolve a conversation', ['close']);
  statusCommand('reopen', 'open', 'reopened', 'Reopen a conversation');

  registry.register(
    BUILT_IN_PLUGIN,
    {
      name: 'snooze',
      description: 'Snooze a conversation for a while (it reopens by itself)',
      args: [{ name: 'duration', type: 'duration', required: true }],
      conversation: 'required',
      permission: 'agent',
    },
    async (cmd) => {
      const seconds = cmd.args['duration'] as number;
      const until = Math.floor(now() / 1000) + seconds;
      const outcome = await settle(cmd, () => deps.writes.setStatus(idOf(cmd), 'snoozed', { snoozedUntil: until }), `#${idOf(cmd)} was not snoozed: its status is unchanged`);
      await cmd.reply(`${cmd.user.name} snoozed #${idOf(cmd)} for ${formatDuration(seconds)} (until ${formatUtc(until)})${suffix(outcome)}`);
    },
  );

  registry.register(
    BUILT_IN_PLUGIN,
    {
      name: 'assign',
      description: 'Assign a conversation to an agent, to yourself ("me"), or to nobody ("none")',
      args: [{ name: 'agent', required: true, description: 'the start of an agent\'s name, an email, an id, "me" or "none"' }],
      conversation: 'required',
      permission: 'agent',
    },
    async (cmd) => {
      const id = idOf(cmd);
      const wanted = (cmd.args['agent'] as string).trim();
      let agentId: number | null;
      let whom: string;
      if (wanted.toLowerCase() === 'me') {
        if (cmd.user.chatwootAgentId === undefined) {
          throw new CommandError(`you are not mapped to a Chatwoot agent, so "me" cannot work here; name the agent instead, e.g. "assign alice ${id}"`);
        }
        agentId = cmd.user.chatwootAgentId;
        whom = 'themselves';
      } else if (wanted.toLowerCase() === 'none') {
        agentId = null;
        whom = 'nobody';
      } else {
        const match = matchAgent(wanted, await deps.rest.listAgents({ signal: cmd.signal }));
        if (match.kind !== 'one') throw new CommandError(match.message);
        agentId = match.agent.id;
        whom = match.agent.name;
      }
      const outcome = await settle(cmd, () => deps.writes.assign(id, agentId), `#${id} was not ${agentId === null ? 'unassigned' : 'assigned'}: its assignee is unchanged`);
      const done = agentId === null ? `unassigned #${id}` : `assigned #${id} to ${whom}`;
      await cmd.reply(`${cmd.user.name} ${done}${suffix(outcome)}`);
    },
  );

  registry.register(
    BUILT_IN_PLUGIN,
    {
      name: 'label',
      description: 'Add and remove labels: +vip -spam billing (bare words are added)',
      args: [
        { name: 'conversation', type: 'conversation' },
        { name: 'labels', type: 'rest', required: true, description: '+label adds, -label removes, a bare label adds' },
      ],
      conversation: 'required',
      permission: 'agent',
      aliases: ['labels'],
    },
    async (cmd) => {
      const id = idOf(cmd);
      const change = parseLabelChanges(cmd.args['labels'] as string);
      const outcome = await settle(cmd, () => deps.writes.label(id, change), `the labels of #${id} were not changed`);
      const described = [...change.add.map((l) => `+${l}`), ...change.remove.map((l) => `-${l}`)].join(' ');
      const value = outcome.state === 'delivered' ? outcome.value : undefined;
      const labelsNow = Array.isArray(value) && value.every((v) => typeof v === 'string') ? ` (now: ${value.length ? value.join(', ') : 'none'})` : '';
      await cmd.reply(`${cmd.user.name} labelled #${id}: ${described}${labelsNow}${suffix(outcome)}`);
    },
  );
}
