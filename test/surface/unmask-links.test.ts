import { describe, expect, it } from 'vitest';
import { unmaskLinks } from '../../src/surface/unmask-links.ts';

describe('unmaskLinks', () => {
  it('shows the real target of every masked link', () => {
    expect(unmaskLinks('[https://bank.example.com](https://evil.example/phish)')).toBe('https://bank.example.com (https://evil.example/phish)');
    expect(unmaskLinks('[click](<https://evil.example>)')).toBe('click (https://evil.example)');
    expect(unmaskLinks('[click]( https://evil.example "Your bank" )')).toBe('click (https://evil.example)');
    expect(unmaskLinks('see [docs](https://d.test/a_(b)) now')).toBe('see docs (https://d.test/a_(b)) now');
  });

  it('keeps a link whose label is its own address short, and unwraps nesting', () => {
    expect(unmaskLinks('[https://d.test/](https://d.test)')).toBe('https://d.test');
    expect(unmaskLinks('[](https://d.test)')).toBe('https://d.test');
    expect(unmaskLinks('[[a](https://x.test)](https://evil.test)')).toBe('a (https://x.test) (https://evil.test)');
  });

  it('leaves code and ordinary brackets alone', () => {
    expect(unmaskLinks('`[a](https://x.test)` and ```\n[b](https://y.test)\n```')).toBe('`[a](https://x.test)` and ```\n[b](https://y.test)\n```');
    expect(unmaskLinks('an [aside] (really)')).toBe('an [aside] (really)');
  });
});
