import type { Agent } from '../../chatwoot/rest/types.ts';

export type AgentMatch =
  | { kind: 'one'; agent: Agent }
  | { kind: 'none'; message: string }
  | { kind: 'many'; message: string };

const describe = (agent: Agent) => `${agent.name} (${agent.email}, id ${agent.id})`;
const LISTED = 10;

/** When nothing matched: who there is to choose from. */
function listing(agents: readonly Agent[]): string {
  if (agents.length === 0) return '; this account has no agents';
  const more = agents.length > LISTED ? `; and ${agents.length - LISTED} more` : '';
  return `. Agents: ${agents.slice(0, LISTED).map(describe).join('; ')}${more}`;
}

/**
 * Finds the agent someone meant: by id (`7` or `#7`), exact email, or the start of the name
 * (case-insensitive; an exact name wins over longer names sharing it as a prefix).
 *
 * @example
 * matchAgent('ali', agents); // { kind: 'one', agent: { name: 'Alice Smith', … } }
 */
export function matchAgent(query: string, agents: readonly Agent[]): AgentMatch {
  const wanted = query.trim();
  const lower = wanted.toLowerCase();
  if (/^#?\d+$/.test(wanted)) {
    const id = Number(wanted.replace('#', ''));
    const agent = agents.find((a) => a.id === id);
    return agent ? { kind: 'one', agent } : { kind: 'none', message: `no agent has id ${id}${listing(agents)}` };
  }
  const byEmail = agents.find((a) => typeof a.email === 'string' && a.email.toLowerCase() === lower);
  if (byEmail) return { kind: 'one', agent: byEmail };
  const names = (a: Agent) => [a.name, a.available_name].filter((n): n is string => typeof n === 'string' && n !== '').map((n) => n.toLowerCase());
  const exact = agents.filter((a) => names(a).includes(lower));
  if (exact.length === 1) return { kind: 'one', agent: exact[0] as Agent };
  const prefixed = exact.length > 1 ? exact : agents.filter((a) => names(a).some((n) => n.startsWith(lower)));
  if (prefixed.length === 1) return { kind: 'one', agent: prefixed[0] as Agent };
  if (prefixed.length === 0) return { kind: 'none', message: `no agent matches "${wanted}"${listing(agents)}` };
  const shown = prefixed.slice(0, 5).map(describe).join('; ');
  const more = prefixed.length > 5 ? `; and ${prefixed.length - 5} more` : '';
  return { kind: 'many', message: `"${wanted}" matches ${prefixed.length} agents: ${shown}${more}. Use the email or the id.` };
}
