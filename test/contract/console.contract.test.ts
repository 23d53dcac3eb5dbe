import { PassThrough, Writable } from 'node:stream';
import { createConsolePlugin } from '../../plugins/console/index.ts';
import { createTestBot } from '../../src/testing/index.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { runSurfaceContract, type SurfacePost, type SurfaceRun } from './surface.contract.ts';

/** What makes a terminal ring: the console's nearest thing to "notify everyone". */
const BELL = '\x07';

/**
 * One line of the transcript about a conversation, as the contract reads it. The console marks who
 * wrote a line by its shape — `#3 Ada: …` the customer, `#3 → Ann: …` an agent, `#3 [note] Ann: …`
 * a private note, `#3 · …` Chatwoot itself — so the adapter spells that out as the labels the other
 * surfaces show. `✓` (the person's own message back from Chatwoot), `🔒` and `⚠` lines are said to
 * the person, not posts.
 */
function toPost(body: string): SurfacePost | undefined {
  const common = { note: false, deleted: false, pingsEveryone: body.includes(BELL) };
  if (/^[✓🔒⚠]/u.test(body)) return undefined;
  if (/^\(message \d+ deleted\)$/.test(body)) return { ...common, text: '', author: '', deleted: true };
  if (body.startsWith('· ')) return { ...common, text: body.slice(2), author: 'Chatwoot' };
  const line = /^(\[note\] |→ )?(.*?): (.*)$/su.exec(body);
  if (!line) return undefined;
  const [, mark, who = '', text = ''] = line;
  const role = mark === '[note] ' ? 'internal note' : mark === '→ ' ? 'agent' : 'customer';
  return { ...common, text, author: `${who} (${role})`, note: role === 'internal note' };
}

/** The console typed into and read through streams, as a person at the terminal would. */
async function consoleRun(): Promise<SurfaceRun> {
  const input = new PassThrough();
  const lines: string[] = [];
  let partial = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
      done();
    },
  });
  const bot = await createTestBot({ plugins: [createConsolePlugin({ input, output })] });
  const about = (conversationId: number) => {
    const prefix = `#${conversationId} `;
    return lines.flatMap((line, index) => (line.startsWith(prefix) ? [{ index, body: line.slice(prefix.length) }] : []));
  };
  return {
    bot,
    thread: async (conversationId) => void (await waitFor(() => lines.some((l) => l.startsWith(`── #${conversationId} opened by`)), { what: `#${conversationId} opened` })),
    posts: (conversationId) => about(conversationId).flatMap(({ body }) => toPost(body) ?? []),
    async write(conversationId, text) {
      // The person's message is "what they typed, and everything said to them after it".
      const ref = `${conversationId}:${lines.length}`;
      input.write(`#${conversationId} ${text}\n`);
      return { ref };
    },
    async remove() {
      throw new Error('the console has no way to delete a message');
    },
    feedback(message) {
      const [id = 0, after = 0] = message.ref.split(':').map(Number);
      const told = about(id).filter(({ index, body }) => index >= after && /^[🔒⚠]/u.test(body));
      return { flagged: told.some(({ body }) => body.startsWith('⚠')), notices: told.map(({ body }) => body) };
    },
    async stop() {
      await bot.stop();
      input.end();
    },
  };
}

runSurfaceContract({
  name: 'console',
  massMention: BELL,
  start: consoleRun,
  cannot: {
    rewritePosts: 'a terminal cannot change lines it printed: an edit in Chatwoot is not shown, a deletion is a line of its own',
    deleteOwnMessages: 'the console has no command to delete a message',
  },
});
