import type { LedgerKv } from './ledger-kv.ts';

/** A surface's side of a link: its own id string (for reverse look-ups) and anything JSON. */
export interface Link {
  key: string;
  data?: Record<string, unknown>;
}

export interface Links {
  setConversation(conversationId: number, surface: string, link: Link): Promise<void>;
  getConversation(conversationId: number, surface: string): Promise<Link | undefined>;
  findConversation(surface: string, key: string): Promise<number | undefined>;
  removeConversation(conversationId: number, surface: string): Promise<void>;
  setMessage(messageId: number, surface: string, link: Link): Promise<void>;
  getMessage(messageId: number, surface: string): Promise<Link | undefined>;
  findMessage(surface: string, key: string): Promise<number | undefined>;
  removeMessage(messageId: number, surface: string): Promise<void>;
}

/**
 * Chatwoot conversations and messages ↔ surfaces' threads and messages, durable and never expiring.
 * Links are one-to-one per surface: re-linking an id drops its old key, and linking a key another
 * id held unlinks that id, so `get…` and `find…` always agree.
 *
 * @example
 * const links = createLinks(ledgerKv(store, 'links'));
 * await links.setConversation(42, 'slack', { key: 'C1:1700.01', data: { channel: 'C1' } });
 * await links.findConversation('slack', 'C1:1700.01'); // → 42
 */
export function createLinks(kv: LedgerKv): Links {
  const conversations = linkPair(kv, 'conversation');
  const messages = linkPair(kv, 'message');
  return {
    setConversation: conversations.set,
    getConversation: conversations.get,
    findConversation: conversations.find,
    removeConversation: conversations.remove,
    setMessage: messages.set,
    getMessage: messages.get,
    findMessage: messages.find,
    removeMessage: messages.remove,
  };
}

function linkPair(kv: LedgerKv, kind: 'conversation' | 'message') {
  // Surface names are encoded so a `:` in one can never make two keys collide.
  const forward = (id: number, surface: string) => `${kind}:${id}:${encodeURIComponent(surface)}`;
  const reverse = (surface: string, key: string) => `${kind}-key:${encodeURIComponent(surface)}:${key}`;
  const locks = new Map<string, Promise<unknown>>();

  // Read-modify-write of one surface's links in order, so concurrent calls cannot cross-link.
  const exclusive = <T>(surface: string, run: () => Promise<T>): Promise<T> => {
    const previous = locks.get(surface) ?? Promise.resolve();
    const result = previous.then(run, run);
    const settled = result.catch(() => undefined);
    locks.set(surface, settled);
    void settled.then(() => {
      if (locks.get(surface) === settled) locks.delete(surface);
    });
    return result;
  };

  const get = async (id: number, surface: string): Promise<Link | undefined> => {
    checkId(kind, id);
    return toLink(await kv.get<unknown>(forward(id, surface)));
  };

  const find = async (surface: string, key: string): Promise<number | undefined> => {
    const id = await kv.get<unknown>(reverse(surface, key));
    return typeof id === 'number' ? id : undefined;
  };

  /** Deletes the reverse entry of `key` if it still names `id`. */
  const dropReverse = async (surface: string, key: string, id: number) => {
    if ((await find(surface, key)) === id) await kv.delete(reverse(surface, key));
  };

  return {
    get,
    find,
    set: async (id: number, surface: string, link: Link): Promise<void> => {
      checkId(kind, id);
      checkSurface(surface);
      if (typeof link?.key !== 'string' || link.key === '') throw new TypeError(`${kind} link needs a non-empty key`);
      const stored: Link = link.data === undefined ? { key: link.key } : { key: link.key, data: link.data };
      return exclusive(surface, async () => {
        const previous = await get(id, surface);
        const holder = await find(surface, link.key);
        if (holder !== undefined && holder !== id && (await get(holder, surface))?.key === link.key) {
          await kv.delete(forward(holder, surface));
        }
        // Reverse first: after a crash between the writes, replies in the thread still find their
        // conversation (the worse failure would be a thread whose replies go nowhere).
        await kv.set(reverse(surface, link.key), id);
        await kv.set(forward(id, surface), stored);
        if (previous && previous.key !== link.key) await dropReverse(surface, previous.key, id);
      });
    },
    remove: async (id: number, surface: string): Promise<void> => {
      checkId(kind, id);
      return exclusive(surface, async () => {
        const previous = await get(id, surface);
        await kv.delete(forward(id, surface));
        if (previous) await dropReverse(surface, previous.key, id);
      });
    },
  };
}

function toLink(value: unknown): Link | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { key, data } = value as { key?: unknown; data?: unknown };
  if (typeof key !== 'string') return undefined;
  return typeof data === 'object' && data !== null ? { key, data: data as Record<string, unknown> } : { key };
}

function checkId(kind: string, id: number): void {
  if (!Number.isSafeInteger(id)) throw new TypeError(`${kind} id must be an integer, got ${String(id)}`);
}

function checkSurface(surface: string): void {
  if (typeof surface !== 'string' || surface === '') throw new TypeError('surface must be a non-empty string');
}
