import type { ChatwootSimulator } from './create-chatwoot-simulator.ts';

const CUSTOMERS = [
  { name: 'Ada Lovelace', email: 'ada@example.test', lines: ['Hi! My invoice shows the wrong VAT number.', 'It should be GB123456789.', 'Thanks, that was quick!'] },
  { name: 'Grace Hopper', email: 'grace@example.test', lines: ['The export button does nothing in Firefox.', 'Version 128, on Linux.', 'Cleared the cache, same thing.'] },
  { name: 'Linus T.', email: 'linus@example.test', lines: ['Can I get a refund for order #4411?', 'It arrived broken.'] },
];

/**
 * Makes the sandbox lively: every `intervalMs` one scripted step happens — a customer opens a
 * conversation, or writes their next line — round-robin across customers. Returns a stop function.
 */
export function startSimulatedCustomers(simulator: ChatwootSimulator, { intervalMs = 8_000 }: { intervalMs?: number } = {}): () => void {
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
          const conversation = simulator.createConversation({ contactName: customer.name, email: customer.email, content: line });
          if (typeof conversation.id === 'number') conversationOf.set(customer.name, conversation.id);
        } else {
          simulator.customerMessage(id, line);
        }
      });
    }
  }
  let next = 0;
  const step = () => {
    steps[next]?.();
    next += 1;
    if (next >= steps.length) clearInterval(timer);
  };
  const timer = setInterval(step, intervalMs);
  timer.unref();
  step();
  return () => clearInterval(timer);
}
