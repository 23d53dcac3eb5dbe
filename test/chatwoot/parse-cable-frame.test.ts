import { describe, expect, it } from 'vitest';
import { MAX_CABLE_FRAME_BYTES, parseCableFrame } from '../../src/chatwoot/parse-cable-frame.ts';
import { presenceCommand, roomIdentifier, subscribeCommand, unsubscribeCommand } from '../../src/chatwoot/cable-commands.ts';
import { loadWebsocketSamples } from './websocket-samples.ts';

const IDENTIFIER = '{"channel":"RoomChannel","pubsub_token":"token","account_id":1,"user_id":1}';

describe('parseCableFrame', () => {
  it('classifies the ActionCable control frames', () => {
    expect(parseCableFrame('{"type":"welcome","sid":"abc"}')).toEqual({ kind: 'welcome' });
    expect(parseCableFrame('{"type":"ping","message":1627060394}')).toEqual({ kind: 'ping', at: 1627060394 });
    expect(parseCableFrame('{"type":"ping","message":"soon"}')).toEqual({ kind: 'ping', at: 0 });
    expect(parseCableFrame(JSON.stringify({ type: 'confirm_subscription', identifier: IDENTIFIER }))).toEqual({ kind: 'confirm', identifier: IDENTIFIER });
    expect(parseCableFrame(JSON.stringify({ type: 'reject_subscription', identifier: IDENTIFIER }))).toEqual({ kind: 'reject', identifier: IDENTIFIER });
  });

  it('reads disconnect frames, reconnect defaulting to true', () => {
    expect(parseCableFrame('{"type":"disconnect","reason":"unauthorized","reconnect":false}')).toEqual({ kind: 'disconnect', reason: 'unauthorized', reconnect: false });
    expect(parseCableFrame('{"type":"disconnect","reason":"server_restart"}')).toEqual({ kind: 'disconnect', reason: 'server_restart', reconnect: true });
    expect(parseCableFrame('{"type":"disconnect"}')).toEqual({ kind: 'disconnect', reconnect: true });
  });

  it('unwraps event messages, from strings and buffers alike', () => {
    const raw = JSON.stringify({ identifier: IDENTIFIER, message: { event: 'message.created', data: { id: 1, account_id: 1 } } });
    const expected = { kind: 'message', identifier: IDENTIFIER, event: 'message.created', data: { id: 1, account_id: 1 } };
    expect(parseCableFrame(raw)).toEqual(expected);
    expect(parseCableFrame(Buffer.from(raw))).toEqual(expected);
  });

  it('keeps valid frames it does not act on as other', () => {
    expect(parseCableFrame('{"type":"confirm_unsubscription","identifier":"x"}')).toEqual({
      kind: 'other',
      frame: { type: 'confirm_unsubscription', identifier: 'x' },
    });
    expect(parseCableFrame('{"hello":"world"}')).toEqual({ kind: 'other', frame: { hello: 'world' } });
  });

  it.each([
    ['not JSON', 'not json at all'],
    ['truncated JSON', '{"identifier":"x","message":{"event":'],
    ['empty', ''],
    ['an array', '[{"type":"welcome"}]'],
    ['null', 'null'],
    ['a number', '42'],
    ['a string', '"welcome"'],
    ['a message without event', JSON.stringify({ identifier: IDENTIFIER, message: { data: {} } })],
    ['a message with a numeric event', JSON.stringify({ identifier: IDENTIFIER, message: { event: 7, data: {} } })],
    ['a message without data', JSON.stringify({ identifier: IDENTIFIER, message: { event: 'message.created' } })],
    ['a message with array data', JSON.stringify({ identifier: IDENTIFIER, message: { event: 'message.created', data: [] } })],
    ['a message with string data', JSON.stringify({ identifier: IDENTIFIER, message: { event: 'message.created', data: '{}' } })],
    ['a string message', JSON.stringify({ identifier: IDENTIFIER, message: 'hello' })],
    ['a message without identifier', JSON.stringify({ message: { event: 'message.created', data: {} } })],
    ['a confirmation without identifier', '{"type":"confirm_subscription"}'],
  ])('gives malformed, not a throw, for %s', (_what, raw) => {
    const frame = parseCableFrame(raw);
    expect(frame.kind).toBe('malformed');
    expect(frame).toHaveProperty('error', expect.any(String));
  });

  it('refuses frames over 4 MB without parsing them', () => {
    const huge = JSON.stringify({ identifier: IDENTIFIER, message: { event: 'message.created', data: { content: 'x'.repeat(MAX_CABLE_FRAME_BYTES) } } });
    expect(parseCableFrame(huge)).toEqual({ kind: 'malformed', error: 'frame larger than 4 MB' });
    expect(parseCableFrame(Buffer.from(huge))).toEqual({ kind: 'malformed', error: 'frame larger than 4 MB' });
    // Multi-byte text: fewer than 4 M characters, more than 4 MB.
    const wide = JSON.stringify({ identifier: IDENTIFIER, message: { event: 'message.created', data: { content: 'é'.repeat(MAX_CABLE_FRAME_BYTES / 2 + 10) } } });
    expect(wide.length).toBeLessThan(MAX_CABLE_FRAME_BYTES);
    expect(parseCableFrame(wide).kind).toBe('malformed');
  });

  it('accepts a frame just under the limit', () => {
    const frame = JSON.stringify({ identifier: IDENTIFIER, message: { event: 'message.created', data: { content: 'x'.repeat(MAX_CABLE_FRAME_BYTES - 200) } } });
    expect(Buffer.byteLength(frame)).toBeLessThanOrEqual(MAX_CABLE_FRAME_BYTES);
    expect(parseCableFrame(frame).kind).toBe('message');
  });
});

describe('cable commands', () => {
  it('builds the RoomChannel identifier with numeric ids', () => {
    expect(roomIdentifier({ pubsubToken: 'token', accountId: 1, userId: 1 })).toBe(IDENTIFIER);
    expect(JSON.parse(roomIdentifier({ pubsubToken: 't', accountId: 12, userId: 34 }))).toEqual({
      channel: 'RoomChannel',
      pubsub_token: 't',
      account_id: 12,
      user_id: 34,
    });
    expect(roomIdentifier({ pubsubToken: 'token' })).toBe('{"channel":"RoomChannel","pubsub_token":"token"}');
  });

  it('builds subscribe, presence and unsubscribe commands', () => {
    expect(JSON.parse(subscribeCommand(IDENTIFIER))).toEqual({ command: 'subscribe', identifier: IDENTIFIER });
    expect(JSON.parse(unsubscribeCommand(IDENTIFIER))).toEqual({ command: 'unsubscribe', identifier: IDENTIFIER });
    expect(presenceCommand(IDENTIFIER)).toBe(
      '{"command":"message","identifier":"{\\"channel\\":\\"RoomChannel\\",\\"pubsub_token\\":\\"token\\",\\"account_id\\":1,\\"user_id\\":1}","data":"{\\"action\\":\\"update_presence\\"}"}',
    );
  });

  it('sends exactly the presence payloads of Chatwoot docs (agent and contact)', () => {
    const commands = loadWebsocketSamples()
      .map((s) => JSON.parse(s.text) as Record<string, unknown>)
      .filter((s) => s['command'] === 'message');
    expect(commands).toHaveLength(4); // agent + contact, the docs appear twice in the fixture
    const agent = JSON.parse(presenceCommand(roomIdentifier({ pubsubToken: 'token', accountId: 1, userId: 1 })));
    const contact = JSON.parse(presenceCommand(roomIdentifier({ pubsubToken: 'token' })));
    expect(commands).toEqual([agent, contact, agent, contact]);
  });
});
