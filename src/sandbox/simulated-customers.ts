import type { ChatwootSimulator } from './create-chatwoot-simulator.ts';

const CUSTOMERS = [
  { name: 'Ada Lovelace', email: 'ada@example.test', lines: ['Hi! My invoice shows the wrong VAT number.', 'It should be GB123456789.', 'Thanks, that was quick!'] },
  { name: 'Grace Hopper', email: 'grace@example.test', lines: ['The export button does nothing in Firefox.', 'Version 128, on Linux.', 'Cleared the cache, same thing.'] },
  { name: 'Linus T.', email: 'linus@example.test', lines: ['Can I get a refund for order #4411?', 'It arrived broken.'] },
];

/** What customers say back to an agent's reply, in turn. */
const ANSWERS = ['Thanks! Let me check.', 'Hmm, it still does not work on my side.', 'Could you explain that once more?', 'Great, that fixed it!', 'One more question: is there a discount for yearly plans?', 'OK, I will wait.'];

export interface SimulatedCustomersOptions {
  /** Time between scripted steps (a customer opens a conversation or writes their next line). */
  intervalMs?: number;
  /** Chance that a customer answers an agent's reply (0–1). Default 0.6. */
  answerChance?: number;
  /** Delay before an answer: between min and max, uniformly. Default 2–6 s. */
  answerDelayMs?: { min: number; max: number };
  /** Answers per conversation at most, so two bots cannot talk forever. Default 20. */
  maxAnswers?: number;
  random?: () => number;
  /**
   * The inbox they write in (the simulator's first, 1). Replies in another inbox get no simulated
   * answer: there (a community's API inbox) the customers are people of a surface, who answer there.
   */
  inboxId?: number;
}

export interface SimulatedCustomers {
  /** An agent replied in a conversation: its customer may answer after a while. True when an answer is on its way. */
  agentReplied(conversationId: number): boolean;
  stop(): void;
}

/**
 * Makes the sandbox lively: every `intervalMs` one scripted step happens — a customer opens a
 * conversation, or writes their next line — round-robin across customers; afterwards customers
 * answer agents' replies now and then, so the sandbox stays alive as long as someone talks to it.
 */
export function startSimulatedCustomers(simulator: ChatwootSimulator, options: SimulatedCustomersOptions = {}): SimulatedCustomers {
  const { intervalMs = 8_000, answerChance = 0.6, answerDelayMs = { min: 2_000, max: 6_000 }, maxAnswers = 20, random = Math.random, inboxId = 1 } = options;
  const conversationOf = new Map<string, number>();
  const rounds = Math.max(...CUSTOMERS.map((c) => c.lines.length));
  const steps: Array<() => void> = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const customer of CUSTOMERS) {
      const line = customer.lines[round];
      if (line === undefined) continue;
      steps.push(() => {
        const id = conversationOf.get(customer.name);
        if (id === undefined) {
          const conversation = simulator.createConversation({ contactName: customer.name, email: customer.email, content: line, inboxId });
          if (typeof conversation.id === 'number') conversationOf.set(customer.name, conversation.id);
        } else {
          simulator.customerMessage(id, line);
        }
      });
    }
  }
  let next = 0;
  let stopped = false;
  const answers = new Map<number, number>();
  const pending = new Set<NodeJS.Timeout>();
  const step = () => {
    steps[next]?.();
    next += 1;
    if (next >= steps.length) clearInterval(timer);
  };
  const timer = setInterval(step, intervalMs);
  timer.unref();
  step();

  return {
    agentReplied(conversationId) {
      const given = answers.get(conversationId) ?? 0;
      if (stopped || given >= maxAnswers || simulator.conversation(conversationId)?.inbox_id !== inboxId || random() >= answerChance) return false;
      answers.set(conversationId, given + 1);
      const delay = answerDelayMs.min + random() * (answerDelayMs.max - answerDelayMs.min);
      const answer = setTimeout(() => {
        pending.delete(answer);
        const conversation = simulator.conversation(conversationId);
        if (stopped || !conversation) return;
        simulator.customerMessage(conversationId, ANSWERS[given % ANSWERS.length] as string);
      }, delay);
      answer.unref();
      pending.add(answer);
      return true;
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      for (const answer of pending) clearTimeout(answer);
      pending.clear();
    },
  };
}
