import { describe, expect, it } from 'vitest';
import { clipMrkdwn } from './clip-mrkdwn.ts';

const TAIL = '…';

describe('clipMrkdwn', () => {
  it('leaves text that fits alone', () => {
    expect(clipMrkdwn('short', 10, TAIL)).toBe('short');
  });

  it('cuts to the limit, tail included', () => {
    const out = clipMrkdwn('a'.repeat(100), 20, TAIL);
    expect(out).toHaveLength(16); // 20 minus the tail and room for a closing code fence
    expect(out.endsWith(TAIL)).toBe(true);
  });

  it('never cuts through a link, an escape or a surrogate pair', () => {
    expect(clipMrkdwn(`${'a'.repeat(10)}<https://x.test/long|label> rest`, 24, TAIL)).toBe(`${'a'.repeat(10)}${TAIL}`);
    expect(clipMrkdwn(`${'a'.repeat(14)}&amp;${'b'.repeat(20)}`, 22, TAIL)).toBe(`${'a'.repeat(14)}${TAIL}`);
    const emoji = clipMrkdwn(`${'a'.repeat(14)}😀${'b'.repeat(20)}`, 20, TAIL); // the cut falls between its halves
    expect(emoji).toBe(`${'a'.repeat(14)}${TAIL}`);
  });

  it('closes a code block it cut open', () => {
    expect(clipMrkdwn(`see \`\`\`\n${'code '.repeat(20)}\`\`\``, 30, TAIL)).toMatch(/\n```…$/);
  });
});
