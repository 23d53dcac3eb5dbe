import { idSegment } from './build-url.ts';
import { expectStringList, type RestContext } from './rest-context.ts';
import type { CallOptions } from './types.ts';

/** Conversation labels. Chatwoot's POST replaces the whole list. */
export function labelsApi(ctx: RestContext) {
  const labelsPath = (id: number) => ctx.accountPath(`/conversations/${idSegment(id, 'conversationId')}/labels`);

  async function getLabels(conversationId: number, options: CallOptions = {}): Promise<string[]> {
    const req = { method: 'GET', path: labelsPath(conversationId) } as const;
    return expectStringList(await ctx.send({ ...req, signal: options.signal }), req);
  }

  /** Replaces every label of the conversation with `labels`; returns what Chatwoot kept. */
  async function setLabels(conversationId: number, labels: string[], options: CallOptions = {}): Promise<string[]> {
    const req = { method: 'POST', path: labelsPath(conversationId) } as const;
    return expectStringList(await ctx.send({ ...req, json: { labels }, signal: options.signal }), req);
  }

  return {
    getLabels,
    setLabels,

    /**
     * Adds and removes labels by read-merge-write (Chatwoot has no add/remove endpoint).
     * Race: a label another client sets between our GET and POST is lost (or one it removed comes
     * back). Accepted: the window is one round trip, and a later update repairs it. No POST is sent
     * when nothing would change. Matching ignores case (Chatwoot lower-cases label titles).
     */
    async updateLabels(
      conversationId: number,
      change: { add?: string[]; remove?: string[] },
      options: CallOptions = {},
    ): Promise<string[]> {
      const current = await getLabels(conversationId, options);
      const remove = new Set((change.remove ?? []).map((l) => l.toLowerCase()));
      const next = current.filter((l) => !remove.has(l.toLowerCase()));
      const present = new Set(next.map((l) => l.toLowerCase()));
      for (const label of change.add ?? []) {
        const key = label.toLowerCase();
        if (remove.has(key) || present.has(key)) continue;
        present.add(key);
        next.push(label);
      }
      const unchanged = next.length === current.length && next.every((l, i) => l === current[i]);
      if (unchanged) return current;
      return setLabels(conversationId, next, options);
    },
  };
}
