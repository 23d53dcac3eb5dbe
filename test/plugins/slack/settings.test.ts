import { describe, expect, it } from 'vitest';
import { replyModeOf, slackSettings } from '../../../plugins/slack/settings.ts';

describe('Slack settings: reply modes', () => {
  it("speak the kit's vocabulary, and still read the old 'reply'", () => {
    const settings = slackSettings.parse({ channels: { C0OLD: { replyMode: 'reply' }, C0NOTES: { replyMode: 'notes' }, C0NEW: { replyMode: 'replies' }, C0DEFAULT: {} } });
    expect(settings.channels).toEqual({ C0OLD: { replyMode: 'replies' }, C0NOTES: { replyMode: 'notes' }, C0NEW: { replyMode: 'replies' }, C0DEFAULT: { replyMode: 'replies' } });
    expect(replyModeOf(settings, 'C0NOTES')).toBe('notes');
    expect(replyModeOf(settings, 'C0OLD')).toBe('replies');
    expect(replyModeOf(settings, 'C0UNLISTED')).toBe('replies');
    expect(() => slackSettings.parse({ channels: { C0X: { replyMode: 'note' } } })).toThrow();
  });
});
