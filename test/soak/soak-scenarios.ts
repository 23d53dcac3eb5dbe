import type { SwitchboardConfig } from '../../src/index.ts';
import type { RestFailRule } from '../../src/sandbox/create-chatwoot-simulator.ts';

/** How customer messages are spread over the conversations. */
export type Spread =
  /** Message i goes to conversation i mod N: every conversation busy all the time. */
  | 'round-robin'
  /** Conversation k gets one stretch of consecutive messages, then goes quiet. */
  | 'waves'
  /** Even messages round-robin over the first half, odd ones in waves over the second half. */
  | 'mixed';

export interface Scenario {
  key: string;
  title: string;
  store: 'sqlite' | 'redis';
  messages: number;
  ratePerSec: number;
  conversations: number;
  spread?: Spread;
  /** The recorder replies `ack <id>` to every customer message. */
  ack?: boolean;
  /** Forced connection drops spread evenly over the stream, alternating TCP drop and `server_restart`. */
  drops?: number;
  /** Adjacent broadcasts swap places (Sidekiq runs broadcast jobs concurrently). */
  reorder?: boolean;
  /** `kill -9` once `atMessage` messages were injected; restarted on the same store after `downMs`. */
  kills?: Array<{ atMessage: number; downMs?: number }>;
  /** REST failure windows, in ms from the first message. */
  restFaults?: Array<{ fromMs: number; toMs: number; rule: RestFailRule }>;
  /** Only where the scenario says so; otherwise the shipped cable timings. */
  cable?: SwitchboardConfig['cable'];
  /** Default 2000. */
  sweepMs?: number;
  /** Bot processes sharing the store (Redis): one active, the others standby; kills hit the active one. Default 1. */
  instances?: number;
  /** The lease ttl (several instances). Default: the shipped 6 000. */
  leaseTtlMs?: number;
  /** How long after the traffic (and the last fault) the bot may take to deliver everything. Default 120 000. */
  settleDeadlineMs?: number;
}

const MESSAGES_POST = /\/conversations\/\d+\/messages$/;

/** The cap for 100 drops to fit the stream ("reconnect cap lowered to 500 ms"). */
const FAST_RECONNECT = { backoffCapMs: 500 };

/**
 * The full soak, at issue 8's sizes (`npm run soak`). Traffic is mostly `mixed`: with round-robin
 * alone, the conversations that missed messages are rarely the ones live traffic hits first after a
 * resubscription, so a catch-up that loses them can pass; waves make exactly those the busy ones.
 */
export const FULL_SCENARIOS: Scenario[] = [
  { key: 'a', title: '5,000 msgs, 50 convs, 100/s, 100 drops', store: 'sqlite', messages: 5_000, ratePerSec: 100, conversations: 50, spread: 'mixed', drops: 100, cable: FAST_RECONNECT },
  { key: 'b', title: '5,000 msgs, 50 convs, 200/s, 100 drops', store: 'sqlite', messages: 5_000, ratePerSec: 200, conversations: 50, spread: 'mixed', drops: 100, cable: FAST_RECONNECT },
  { key: 'c', title: '3,000 msgs, kill -9 twice', store: 'sqlite', messages: 3_000, ratePerSec: 100, conversations: 50, spread: 'mixed', kills: [{ atMessage: 1_000 }, { atMessage: 2_000 }] },
  { key: 'd', title: '3,000 msgs, kill -9 twice', store: 'redis', messages: 3_000, ratePerSec: 100, conversations: 50, spread: 'mixed', kills: [{ atMessage: 1_000 }, { atMessage: 2_000 }] },
  {
    key: 'e',
    title: '1,000 acked, 200 convs, 429 20 s then 503 20 % 20 s',
    store: 'sqlite',
    messages: 1_000,
    ratePerSec: 20,
    // Many conversations: every one has a write at the head of its outbox lane retrying through the storm.
    conversations: 200,
    ack: true,
    restFaults: [
      { fromMs: 5_000, toMs: 25_000, rule: { status: 429, retryAfter: 1, times: Infinity } },
      { fromMs: 25_000, toMs: 45_000, rule: { status: 503, ratio: 0.2, times: Infinity } },
    ],
    settleDeadlineMs: 240_000,
  },
  {
    key: 'f',
    title: '1,000 acked, 1 conv at 50/s, save-then-503 20 %',
    store: 'sqlite',
    messages: 1_000,
    ratePerSec: 50,
    conversations: 1,
    ack: true,
    restFaults: [{ fromMs: 0, toMs: 20_000, rule: { status: 503, ratio: 0.2, times: Infinity, method: 'POST', path: MESSAGES_POST, afterCommit: true, body: null } }],
    settleDeadlineMs: 240_000,
  },
  {
    key: 'g',
    title: '3,520 msgs, 75 s down, live at restart',
    store: 'sqlite',
    messages: 3_520,
    ratePerSec: 40,
    conversations: 50,
    spread: 'mixed',
    kills: [{ atMessage: 200, downMs: 75_000 }],
  },
  { key: 'h', title: '2,000 msgs, reordered + 20 drops', store: 'sqlite', messages: 2_000, ratePerSec: 100, conversations: 50, spread: 'waves', reorder: true, drops: 20, cable: FAST_RECONNECT },
  { key: 'i', title: '1,000 acked, kill -9 twice', store: 'sqlite', messages: 1_000, ratePerSec: 50, conversations: 50, ack: true, kills: [{ atMessage: 300 }, { atMessage: 600 }] },
  {
    // Extra: a storm longer than today's 8-attempt budget can ride out — "throttling is not failure".
    key: 'j',
    title: '300 acked, 30 convs, 429 for 90 s',
    store: 'sqlite',
    messages: 300,
    ratePerSec: 10,
    conversations: 30,
    ack: true,
    restFaults: [{ fromMs: 1_000, toMs: 91_000, rule: { status: 429, retryAfter: 1, times: Infinity } }],
    settleDeadlineMs: 300_000,
  },
  {
    // Issue 11: two instances on one Redis; the active one is killed halfway, then the new active one.
    key: 'k',
    title: '1,000 acked, 2 instances on Redis, kill -9 the active twice',
    store: 'redis',
    messages: 1_000,
    ratePerSec: 50,
    conversations: 50,
    spread: 'mixed',
    ack: true,
    instances: 2,
    kills: [{ atMessage: 500 }, { atMessage: 750 }],
  },
];

/** Small versions for `npm test`: same faults, a few hundred messages, a one-second sweep. */
export const SHORT_SCENARIOS: Scenario[] = [
  { key: 'a', title: '300 msgs, 10 drops', store: 'sqlite', messages: 300, ratePerSec: 100, conversations: 30, spread: 'mixed', drops: 10, cable: FAST_RECONNECT, sweepMs: 1_000, settleDeadlineMs: 30_000 },
  // Acked, so the kill also tests side effects across a crash (the full soak's c and i in one).
  { key: 'c', title: '300 acked, kill -9 once', store: 'sqlite', messages: 300, ratePerSec: 100, conversations: 30, spread: 'mixed', ack: true, kills: [{ atMessage: 50 }], sweepMs: 1_000, settleDeadlineMs: 30_000 },
  { key: 'd', title: '300 msgs, kill -9 once', store: 'redis', messages: 300, ratePerSec: 100, conversations: 30, spread: 'mixed', kills: [{ atMessage: 50 }], sweepMs: 1_000, settleDeadlineMs: 30_000 },
  {
    key: 'e',
    title: '150 acked, 429 1.5 s then 503 20 % 1 s',
    store: 'sqlite',
    messages: 150,
    ratePerSec: 50,
    conversations: 10,
    ack: true,
    restFaults: [
      { fromMs: 500, toMs: 2_000, rule: { status: 429, retryAfter: 1, times: Infinity } },
      { fromMs: 2_000, toMs: 3_000, rule: { status: 503, ratio: 0.2, times: Infinity } },
    ],
    sweepMs: 1_000,
    settleDeadlineMs: 30_000,
  },
  {
    key: 'f',
    title: '150 acked, 1 conv, save-then-503 20 %',
    store: 'sqlite',
    messages: 150,
    ratePerSec: 50,
    conversations: 1,
    ack: true,
    restFaults: [{ fromMs: 0, toMs: 3_000, rule: { status: 503, ratio: 0.2, times: Infinity, method: 'POST', path: MESSAGES_POST, afterCommit: true, body: null } }],
    sweepMs: 1_000,
    settleDeadlineMs: 30_000,
  },
  {
    key: 'k',
    title: '200 acked, 2 instances on Redis, kill -9 the active',
    store: 'redis',
    messages: 200,
    ratePerSec: 50,
    conversations: 20,
    spread: 'mixed',
    ack: true,
    instances: 2,
    leaseTtlMs: 2_000,
    kills: [{ atMessage: 60 }],
    sweepMs: 1_000,
    settleDeadlineMs: 30_000,
  },
];

/**
 * Which conversation (index into the list) message `i` of `total` goes to.
 *
 * @example
 * conversationIndex('round-robin', 7, 5_000, 50); // 7
 */
export function conversationIndex(spread: Spread, i: number, total: number, conversations: number): number {
  if (conversations < 2) return 0;
  const waves = (n: number, of: number, over: number) => Math.min(over - 1, Math.floor((n * over) / Math.max(1, of)));
  switch (spread) {
    case 'round-robin':
      return i % conversations;
    case 'waves':
      return waves(i, total, conversations);
    case 'mixed': {
      const half = Math.max(1, Math.floor(conversations / 2));
      const rest = Math.max(1, conversations - half);
      if (i % 2 === 0) return (i / 2) % half;
      return half + waves((i - 1) / 2, Math.ceil(total / 2), rest);
    }
  }
}
