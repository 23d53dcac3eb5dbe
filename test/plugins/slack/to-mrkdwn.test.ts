import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, fromMrkdwn, toMrkdwn, userRefs } from '../../../plugins/slack/to-mrkdwn.ts';

describe('toMrkdwn', () => {
  it('neutralises every Slack control sequence in customer text', () => {
    const hostile = '<!channel> <!here> <@U123> <https://evil.test|click> & more';
    const out = toMrkdwn(hostile, { trusted: false });
    expect(out).toBe('&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;https://evil.test|click&gt; &amp; more');
    expect(out).not.toMatch(/<[!@#h]/);
  });

  it('shows the real target of masked links and drops bidi and invisible characters from customer text', () => {
    expect(toMrkdwn('[https://bank.example.com](https://evil.example/phish) [click](<https://evil.example>)', { trusted: false })).toBe(
      'https://bank.example.com (https://evil.example/phish) click (https://evil.example)',
    );
    expect(toMrkdwn('invoice \u202Efdp.exe, pay\u200Bpal, مرحبا', { trusted: false })).toBe('invoice fdp.exe, paypal, مرحبا');
  });

  it('converts bold, italic, strike, headings and lists', () => {
    expect(toMrkdwn('**bold** and *it* and _it2_ and ~~gone~~', { trusted: true })).toBe('*bold* and _it_ and _it2_ and ~gone~');
    expect(toMrkdwn('# Title\n- one\n* two', { trusted: true })).toBe('*Title*\n• one\n• two');
  });

  it('turns mentions into @Name', () => {
    expect(toMrkdwn('hey [@Ann Lee](mention://user/3/Ann%20Lee), look', { trusted: true })).toBe('hey @Ann Lee, look');
  });

  it('makes real links only from trusted text; customers show the URL', () => {
    expect(toMrkdwn('[docs](https://d.test/a)', { trusted: true })).toBe('<https://d.test/a|docs>');
    expect(toMrkdwn('[docs](https://d.test/a)', { trusted: false })).toBe('docs (https://d.test/a)');
    expect(toMrkdwn('[x](javascript:alert(1))', { trusted: true })).toBe('[x](javascript:alert(1))');
  });

  it('leaves code alone but escapes it', () => {
    expect(toMrkdwn('run `a **b** <c>` now', { trusted: true })).toBe('run `a **b** &lt;c&gt;` now');
    expect(toMrkdwn('```\n**x**\n```', { trusted: true })).toBe('```\n**x**\n```');
  });

  it('drops the websocket hard-break backslashes', () => {
    expect(toMrkdwn('a\\\nb', { trusted: true })).toBe('a\nb');
  });
});

describe('fromMrkdwn', () => {
  it('unescapes and converts Slack formatting back to markdown', () => {
    expect(fromMrkdwn('*Done* _now_ ~old~ see <https://x.test|the doc> &amp; &lt;tag&gt;')).toBe(
      '**Done** *now* ~~old~~ see [the doc](https://x.test) & <tag>',
    );
  });

  it('renders user references by name', () => {
    expect(fromMrkdwn('ask <@U1> and <@U2|bob> in <#C1|general>', (id) => (id === 'U1' ? 'ann' : undefined))).toBe('ask @ann and @bob in #general');
  });

  it('escapeMrkdwn escapes the three control characters only', () => {
    expect(escapeMrkdwn('a<b>&*c*')).toBe('a&lt;b&gt;&amp;*c*');
  });
});

describe('fromMrkdwn references', () => {
  it('turns every <…> reference into plain text', () => {
    const text = '<!here> <!channel> <!subteam^S1|@support> <#C1> <#C2|sales> <#C3|> <mailto:a@b.test|a@b.test> <!date^1392734382^{date}|Feb 18>';
    const out = fromMrkdwn(text);
    expect(out).toBe('@here @channel @support #C1 #sales #C3 [a@b.test](mailto:a@b.test) Feb 18');
    expect(out).not.toMatch(/<[^>]*>/);
  });

  it('prefers the resolved name, then the label, then the bare id', () => {
    expect(fromMrkdwn('<@U1|old> <@U2|bob> <@U3>', (id) => (id === 'U1' ? 'Ann' : undefined))).toBe('@Ann @bob @U3');
  });

  it('userRefs lists the users to resolve', () => {
    expect(userRefs('hi <@U1>, <@W2|x> and <#C1|c> <@U1>')).toEqual(['U1', 'W2', 'U1']);
  });
});
