import { afterEach, describe, expect, it } from 'vitest';
import type { TestBot } from '../../src/testing/index.ts';
import { waitFor } from '../helpers/wait-for.ts';

/** A message the bridge posted on the surface (never a person's own message), as the contract reads it. */
export interface SurfacePost {
  text: string;
  /** The poster's label as people see it: `Ada (customer)`, `Ann (agent)`, `Ann (internal note)`. */
  author: string;
  /** Marked as a private note by the bridge itself. */
  note: boolean;
  /** Shown as deleted (a tombstone). */
  deleted: boolean;
  /** Would notify everyone in the channel (`<!channel>`, `@everyone`, …). */
  pingsEveryone: boolean;
}

/** A message a person wrote on the surface, as the adapter identifies it. */
export type PersonMessage = { readonly ref: string };

/** One running bot with the surface, against the surface's fake and the Chatwoot simulator. */
export interface SurfaceRun {
  bot: TestBot;
  /** Resolves once the conversation's thread (channel, forum post…) exists on the surface. */
  thread(conversationId: number): Promise<void>;
  /** What the bridge posted in the conversation's thread, oldest first, its opening card or header excluded. */
  posts(conversationId: number): SurfacePost[];
  /** A person allowed to answer (an agent) writes in the conversation's thread. */
  write(conversationId: number, text: string): Promise<PersonMessage>;
  /** That person deletes their message on the surface. */
  remove(conversationId: number, message: PersonMessage): Promise<void>;
  /** What the person was shown about their message: a ⚠️ flag on it, and the sentences only they were told. */
  feedback(message: PersonMessage): { flagged: boolean; notices: string[] };
  stop(): Promise<void>;
}

/**
 * What a surface genuinely cannot do, each with its reason. The cases (or the parts of a case) that
 * need it are skipped for that surface, saying why; a chat surface declares none.
 */
export interface SurfaceLimits {
  /** What it shows stays as first shown (a terminal's scrollback): an edit is not shown, a deletion is shown beside the original. */
  rewritePosts?: string;
  /** People cannot delete what they wrote there. */
  deleteOwnMessages?: string;
}

/** What a surface supplies to run the shared cases: how to start it, and the mention that pings everyone there. */
export interface SurfaceAdapter {
  name: string;
  start(): Promise<SurfaceRun>;
  /** Text a customer could type to notify the whole channel on this surface. */
  massMention: string;
  /** What this surface cannot do (see {@link SurfaceLimits}); default: everything applies. */
  cannot?: SurfaceLimits;
}

/**
 * The behaviour every surface shares, as one set of cases run against each surface with its fake
 * (like Hono's shared router cases run against every router): mirror, reply, note, edit, delete,
 * hostile text, echo and failure flag. A surface's test file calls it with a small adapter.
 *
 * @example
 * // test/contract/slack.contract.test.ts
 * runSurfaceContract({ name: 'slack', massMention: '<!channel>', start: async () => slackRun(await startSlackBot()) });
 */
export function runSurfaceContract(adapter: SurfaceAdapter): void {
  describe(`surface contract: ${adapter.name}`, () => {
    let run: SurfaceRun | undefined;
    afterEach(async () => {
      await run?.stop();
      run = undefined;
    });

    /** A new conversation with the customer's first message, mirrored. */
    const conversation = async (r: SurfaceRun, options: { contactName?: string; content?: string } = {}) => {
      const created = r.bot.chatwoot.createConversation({ contactName: options.contactName ?? 'Ada Lovelace', content: options.content ?? 'Hello, my invoice is wrong' });
      const id = created.id!;
      await r.thread(id);
      await waitFor(() => r.posts(id).length >= 1, { what: 'the first message on the surface' });
      return id;
    };
    const postWith = (r: SurfaceRun, id: number, text: string) => waitFor(() => r.posts(id).find((p) => p.text.includes(text)), { what: `a post with "${text}"` });
    const chatwootMessage = (r: SurfaceRun, id: number, content: string) =>
      waitFor(() => r.bot.chatwoot.messages(id).find((m) => m.content === content), { what: `"${content}" in Chatwoot` });
    const cannot = adapter.cannot ?? {};
    /** A case that needs what the surface declared it cannot do: skipped there, its name saying why. */
    const itUnless = (reason: string | undefined, name: string, body: () => Promise<void>) =>
      reason ? it.skip(`${name} — not on ${adapter.name}: ${reason}`, body) : it(name, body);

    it('mirror: customer, agent and private note, each labelled by who wrote it', async () => {
      run = await adapter.start();
      const id = await conversation(run);
      run.bot.chatwoot.agentMessage(id, 'We are on it');
      run.bot.chatwoot.agentMessage(id, 'check the refund', { private: true });
      await run.bot.idle();
      const customer = await postWith(run, id, 'my invoice is wrong');
      const agent = await postWith(run, id, 'We are on it');
      const note = await postWith(run, id, 'check the refund');
      expect(customer.author).toMatch(/^Ada Lovelace \(customer\)$/);
      expect(customer.note).toBe(false);
      expect(agent.author).toMatch(/\(agent\)$/);
      expect(agent.note).toBe(false);
      expect(note.note).toBe(true);
      expect(note.author).toMatch(/\(internal note\)$/);
      expect(run.posts(id).map((p) => p.text).filter((t) => t.includes('We are on it'))).toHaveLength(1);
    });

    it('reply: a person writing in the thread answers the customer in Chatwoot', async () => {
      run = await adapter.start();
      const id = await conversation(run);
      await run.write(id, 'Sorry about that, fixing it now');
      const message = await chatwootMessage(run, id, 'Sorry about that, fixing it now');
      expect(message).toMatchObject({ message_type: 'outgoing', private: false });
    });

    it('note: a lower-case "note:" makes a private note, and its author is told', async () => {
      run = await adapter.start();
      const id = await conversation(run);
      const typed = await run.write(id, 'note: customer is on the old plan');
      const message = await chatwootMessage(run, id, 'customer is on the old plan');
      expect(message).toMatchObject({ message_type: 'outgoing', private: true });
      const told = await waitFor(() => run!.feedback(typed).notices.find((n) => n.includes('private note')), { what: 'the note confirmation' });
      expect(told).toContain('the customer does not');
    });

    itUnless(cannot.rewritePosts, 'edit: an edit in Chatwoot rewrites the mirrored post', async () => {
      run = await adapter.start();
      const id = await conversation(run);
      const sent = run.bot.chatwoot.agentMessage(id, 'Your refund is 10 EUR');
      await postWith(run, id, 'Your refund is 10 EUR');
      run.bot.chatwoot.editMessage(id, sent.id, 'Your refund is 12 EUR');
      await postWith(run, id, 'Your refund is 12 EUR');
      await run.bot.idle();
      expect(run.posts(id).some((p) => p.text.includes('10 EUR'))).toBe(false);
    });

    it('delete: a deletion in Chatwoot leaves a tombstone', async () => {
      run = await adapter.start();
      const id = await conversation(run);
      const sent = run.bot.chatwoot.agentMessage(id, 'Wrong customer, sorry');
      await postWith(run, id, 'Wrong customer, sorry');
      run.bot.chatwoot.deleteMessage(id, sent.id);
      await waitFor(() => run!.posts(id).some((p) => p.deleted), { what: 'the tombstone' });
      // Where posts cannot be rewritten, the tombstone stands beside the original (declared in `cannot`).
      if (!cannot.rewritePosts) expect(run.posts(id).some((p) => p.text.includes('Wrong customer'))).toBe(false);
    });

    itUnless(cannot.deleteOwnMessages, 'delete: a person deleting their message deletes it in Chatwoot', async () => {
      run = await adapter.start();
      const id = await conversation(run);
      const typed = await run.write(id, 'typo answer');
      const written = await chatwootMessage(run, id, 'typo answer');
      await run.bot.idle();
      await run.remove(id, typed);
      await waitFor(() => run!.bot.chatwoot.messages(id).find((m) => m.id === written.id)?.content_attributes?.['deleted'] === true, { what: 'the deletion in Chatwoot' });
    });

    it('hostile text: no mass mention, no masked link, no bidi trick, and a customer never passes for an agent', async () => {
      run = await adapter.start();
      const content = `urgent ${adapter.massMention} pay at [https://bank.example.com](https://evil.example/phish) now, see invoice\u202Efdp.exe`;
      const id = await conversation(run, { contactName: 'Ann (agent)', content });
      const post = await postWith(run, id, 'urgent');
      expect(post.author).toMatch(/\(customer\)$/);
      expect(post.author).not.toMatch(/\((agent|internal note)\)/);
      expect(post.note).toBe(false);
      expect(post.pingsEveryone).toBe(false);
      expect(post.text).toContain('evil.example/phish');
      expect(post.text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
      expect(post.text).toContain('invoicefdp.exe');
    });

    it('echo: what a person writes reaches Chatwoot once and is never posted back', async () => {
      run = await adapter.start();
      const id = await conversation(run);
      await run.write(id, 'one echo only');
      await chatwootMessage(run, id, 'one echo only');
      run.bot.chatwoot.customerMessage(id, 'thanks!');
      await postWith(run, id, 'thanks!');
      await run.bot.idle();
      expect(run.bot.chatwoot.messages(id).filter((m) => m.content === 'one echo only')).toHaveLength(1);
      expect(run.posts(id).some((p) => p.text.includes('one echo only'))).toBe(false);
    });

    it('failure flag: a reply Chatwoot refuses for good is flagged to its author, in words that fit', async () => {
      run = await adapter.start();
      const id = await conversation(run);
      run.bot.chatwoot.faults.failRest({ method: 'POST', path: /\/messages$/, status: 422, times: 10 });
      const typed = await run.write(id, 'this one is refused');
      await waitFor(() => run!.feedback(typed).flagged, { what: 'the ⚠️ flag' });
      const notice = await waitFor(() => run!.feedback(typed).notices.find((n) => n.includes('could not be delivered')), { what: 'the explanation' });
      expect(notice).toContain('The customer did not get it');
      expect(run.bot.chatwoot.messages(id).some((m) => m.content === 'this one is refused')).toBe(false);
    });
  });
}
