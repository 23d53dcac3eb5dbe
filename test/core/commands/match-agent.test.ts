import { describe, expect, it } from 'vitest';
import type { Agent } from '../../../src/chatwoot/rest/types.ts';
import { matchAgent } from '../../../src/core/commands/match-agent.ts';

const agent = (id: number, name: string, email: string): Agent => ({ id, name, email, role: 'agent', availability_status: 'online', type: 'user' });
const AGENTS = [agent(1, 'Alice Smith', 'alice@example.com'), agent(2, 'Alan Po', 'alan@example.com'), agent(3, 'Al', 'al@example.com'), agent(4, 'Bob', 'bob@example.com')];

describe('matchAgent', () => {
  it('matches by id, exact email or name prefix, ignoring case', () => {
    expect(matchAgent('4', AGENTS)).toMatchObject({ kind: 'one', agent: { name: 'Bob' } });
    expect(matchAgent('#2', AGENTS)).toMatchObject({ kind: 'one', agent: { name: 'Alan Po' } });
    expect(matchAgent('ALICE@example.com', AGENTS)).toMatchObject({ kind: 'one', agent: { id: 1 } });
    expect(matchAgent('ali', AGENTS)).toMatchObject({ kind: 'one', agent: { id: 1 } });
    expect(matchAgent('bo', AGENTS)).toMatchObject({ kind: 'one', agent: { id: 4 } });
  });

  it('prefers an exact name over longer names starting with it', () => {
    expect(matchAgent('al', AGENTS)).toMatchObject({ kind: 'one', agent: { id: 3 } });
  });

  it('lists the candidates when ambiguous', () => {
    const match = matchAgent('ala', [...AGENTS, agent(5, 'Alana', 'alana@example.com')]);
    expect(match).toEqual({
      kind: 'many',
      message: '"ala" matches 2 agents: Alan Po (alan@example.com, id 2); Alana (alana@example.com, id 5). Use the email or the id.',
    });
  });

  it('says when nobody matches', () => {
    const listed = '. Agents: Alice Smith (alice@example.com, id 1); Alan Po (alan@example.com, id 2); Al (al@example.com, id 3); Bob (bob@example.com, id 4)';
    expect(matchAgent('zed', AGENTS)).toEqual({ kind: 'none', message: `no agent matches "zed"${listed}` });
    expect(matchAgent('99', AGENTS)).toEqual({ kind: 'none', message: `no agent has id 99${listed}` });
    expect(matchAgent('zed', [])).toEqual({ kind: 'none', message: 'no agent matches "zed"; this account has no agents' });
    const many = Array.from({ length: 12 }, (_, i) => agent(i + 10, `Agent ${i}`, `a${i}@example.com`));
    expect((matchAgent('zed', many) as { message: string }).message).toMatch(/Agent 9 \(a9@example\.com, id 19\); and 2 more$/);
    expect(matchAgent('smith@example.com', AGENTS).kind).toBe('none');
  });
});
