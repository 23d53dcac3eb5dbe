import { ANN, CHANNEL, startSlackBot, waitFor, type SlackBot } from '../../plugins/slack/testing/start-slack-bot.ts';
import { BOT_ID, type FakeMessage } from '../../plugins/slack/testing/fake-slack.ts';
import { runSurfaceContract, type PersonMessage, type SurfacePost, type SurfaceRun } from './surface.contract.ts';

/** The fake Slack as the contract reads it: the bridge's replies in each conversation's thread. */
function slackRun(run: SlackBot): SurfaceRun {
  const { bot, slack } = run;
  const parentOf = (conversationId: number) =>
    slack.state.parents(CHANNEL).find((m) => m.metadata?.event_type === 'chatwoot_conversation' && m.metadata.event_payload['conversation_id'] === conversationId);
  const threadTs = async (conversationId: number) => (await waitFor(() => parentOf(conversationId), { what: `the thread of #${conversationId}` })).ts;
  const toPost = (m: FakeMessage): SurfacePost => {
    const blocks = JSON.stringify(m.blocks ?? []);
    // Without chat:write.customize the name is a bold prefix: `*Ada (customer):* text`.
    const prefixed = /^\*([^*]+):\* /.exec(m.text);
    return {
      text: prefixed ? m.text.slice(prefixed[0].length) : m.text,
      author: m.username ?? prefixed?.[1] ?? '',
      note: blocks.includes('*Internal note* · not sent to the customer'),
      deleted: m.text.includes('_This message was deleted_'),
      pingsEveryone: /<!(channel|everyone|here)\b/.test(`${m.text}${blocks}`),
    };
  };
  return {
    bot,
    thread: async (conversationId) => void (await threadTs(conversationId)),
    posts(conversationId) {
      const parent = parentOf(conversationId);
      if (!parent) return [];
      return slack.state.thread(CHANNEL, parent.ts).filter((m) => m.ts !== parent.ts && m.bot_id === BOT_ID).map(toPost);
    },
    async write(conversationId, text) {
      const { ts } = slack.userMessage({ channel: CHANNEL, user: ANN.id, text, thread_ts: await threadTs(conversationId) });
      return { ref: ts };
    },
    async remove(_conversationId, message: PersonMessage) {
      slack.deleteMessage(CHANNEL, message.ref);
    },
    feedback(message) {
      const typed = slack.state.find(CHANNEL, message.ref);
      const parentTs = typed?.thread_ts;
      return {
        flagged: typed?.reactions?.some((r) => r.name === 'warning') ?? false,
        notices: slack.state.ephemerals.filter((e) => e.user === ANN.id && (parentTs === undefined || e.thread_ts === parentTs)).map((e) => e.text),
      };
    },
    stop: () => run.stop(),
  };
}

runSurfaceContract({ name: 'slack', massMention: '<!channel>', start: async () => slackRun(await startSlackBot()) });
