import { HOME_TEAM, type FakeState } from './fake-slack-state.ts';

interface Io {
  send(envelope: Record<string, unknown>): void;
  responseUrl(id: string): string;
}

/**
 * Socket Mode envelopes as Slack sends them: events_api (messages, edits, deletes), slash_commands
 * and interactive (block_actions, message shortcuts). Each returns its `envelope_id` (and the
 * message `ts` where one is created), so a test can await the ack.
 */
export function createEnvelopes(state: FakeState, io: Io) {
  let envelopes = 0;
  const nextId = (prefix: string) => `${prefix}-${(envelopes += 1)}`;

  const pushEvent = (event: Record<string, unknown>) => {
    const envelope_id = nextId('env');
    io.send({
      envelope_id,
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
      payload: { token: 'verif', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: `Ev${envelope_id}`, event_time: Math.floor(Date.now() / 1000), event },
    });
    return envelope_id;
  };

  return {
    pushEvent,
    /** A person (or a bot, with `bot_id`) posts in a channel or thread; kept in the thread. */
    userMessage(input: { channel: string; user: string; text: string; thread_ts?: string; files?: unknown[]; bot_id?: string; subtype?: string }) {
      const ts = state.nextTs();
      state.add({ ts, channel: input.channel, text: input.text, user: input.user, ...(input.thread_ts ? { thread_ts: input.thread_ts } : {}), ...(input.bot_id ? { bot_id: input.bot_id } : {}) });
      const subtype = input.subtype ?? (input.files ? 'file_share' : undefined);
      // In a shared (Slack Connect) channel, `user_team` is the poster's own workspace.
      const team = state.users.get(input.user)?.team ?? HOME_TEAM;
      const envelope_id = pushEvent({
        type: 'message',
        channel: input.channel,
        user: input.user,
        team,
        user_team: team,
        source_team: team,
        text: input.text,
        ts,
        event_ts: ts,
        channel_type: 'channel',
        ...(input.thread_ts ? { thread_ts: input.thread_ts } : {}),
        ...(input.files ? { files: input.files } : {}),
        ...(input.bot_id ? { bot_id: input.bot_id } : {}),
        ...(subtype ? { subtype } : {}),
      });
      return { ts, envelope_id };
    },
    /** `message_changed` for a message in the fake (its author edits it). */
    editMessage(channel: string, ts: string, text: string) {
      const message = state.find(channel, ts);
      if (!message) throw new Error(`fake slack: no message ${channel}/${ts}`);
      const previous = { type: 'message', user: message.user, text: message.text, ts, ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}) };
      message.text = text;
      const now = state.nextTs();
      return pushEvent({
        type: 'message',
        subtype: 'message_changed',
        hidden: true,
        channel,
        ts: now,
        event_ts: now,
        channel_type: 'channel',
        message: { ...previous, text, edited: { user: message.user, ts: now }, ...(message.bot_id ? { bot_id: message.bot_id } : {}) },
        previous_message: { ...previous, ...(message.bot_id ? { bot_id: message.bot_id } : {}) },
      });
    },
    /** `message_deleted` for a message in the fake. */
    deleteMessage(channel: string, ts: string) {
      const message = state.find(channel, ts);
      if (!message) throw new Error(`fake slack: no message ${channel}/${ts}`);
      message.deleted = true;
      const now = state.nextTs();
      return pushEvent({
        type: 'message',
        subtype: 'message_deleted',
        hidden: true,
        channel,
        ts: now,
        event_ts: now,
        deleted_ts: ts,
        channel_type: 'channel',
        previous_message: { type: 'message', user: message.user, text: message.text, ts, ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}), ...(message.bot_id ? { bot_id: message.bot_id } : {}) },
      });
    },
    /** `/command text` typed in a channel; the answer goes to a recorded `response_url`. */
    slashCommand(input: { command: string; text: string; user: string; channel: string }) {
      const envelope_id = nextId('cmd');
      io.send({
        envelope_id,
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          token: 'verif', team_id: 'T1', team_domain: 'fake', channel_id: input.channel, channel_name: input.channel.toLowerCase(),
          user_id: input.user, user_name: input.user.toLowerCase(), command: input.command, text: input.text, api_app_id: 'A1',
          response_url: io.responseUrl(envelope_id), trigger_id: `trig-${envelope_id}`,
        },
      });
      return { envelope_id, responseId: envelope_id };
    },
    /** A button click on a message (e.g. the thread parent). */
    blockAction(input: { action_id: string; value: string; user: string; channel: string; message_ts: string }) {
      const envelope_id = nextId('act');
      const message = state.find(input.channel, input.message_ts);
      io.send({
        envelope_id,
        type: 'interactive',
        accepts_response_payload: false,
        payload: {
          type: 'block_actions', team: { id: 'T1', domain: 'fake' }, user: { id: input.user, username: input.user.toLowerCase(), team_id: 'T1' },
          api_app_id: 'A1', token: 'verif', trigger_id: `trig-${envelope_id}`, response_url: io.responseUrl(envelope_id),
          container: { type: 'message', message_ts: input.message_ts, channel_id: input.channel, is_ephemeral: false },
          channel: { id: input.channel, name: input.channel.toLowerCase() },
          message: { type: 'message', ts: input.message_ts, text: message?.text ?? '', ...(message?.thread_ts ? { thread_ts: message.thread_ts } : {}), blocks: message?.blocks ?? [] },
          actions: [{ type: 'button', action_id: input.action_id, block_id: 'sb_actions', value: input.value, action_ts: state.nextTs() }],
        },
      });
      return envelope_id;
    },
    /** A message shortcut run on a message. */
    messageShortcut(input: { callback_id: string; user: string; channel: string; message_ts: string }) {
      const envelope_id = nextId('sc');
      const message = state.find(input.channel, input.message_ts);
      io.send({
        envelope_id,
        type: 'interactive',
        accepts_response_payload: false,
        payload: {
          type: 'message_action', callback_id: input.callback_id, team: { id: 'T1', domain: 'fake' }, user: { id: input.user, name: input.user.toLowerCase() },
          channel: { id: input.channel, name: input.channel.toLowerCase() }, token: 'verif', action_ts: state.nextTs(), trigger_id: `trig-${envelope_id}`,
          response_url: io.responseUrl(envelope_id), message_ts: input.message_ts,
          message: { type: 'message', ts: input.message_ts, text: message?.text ?? '', user: message?.user, ...(message?.thread_ts ? { thread_ts: message.thread_ts } : {}) },
        },
      });
      return envelope_id;
    },
  };
}
