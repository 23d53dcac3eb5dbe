import { CommandError, definePlugin, type Plugin } from '../../../src/index.ts';
import { waitFor } from '../../../src/testing/index.ts';
import { fakeMember, memberMessage, memberThread } from '../../discord-community/testing/fake-member.ts';
import type { FakeDiscord, Json } from '../../discord/testing/fake-discord.ts';
import { consoleFeed } from '../console-feed.ts';

/** A simulated member and their current post in the support forum. */
interface SimMember {
  user: Json;
  threadId: string | undefined;
}

/**
 * How the member sees a post of the bot, on one line: the community plugin's bold
 * "**Ann (agent):**" header loses its markdown, its line break becomes a space.
 *
 * @example
 * memberView('**Ann (agent):**\nHi!'); // 'Ann (agent): Hi!'
 */
export function memberView(content: string): string {
  return content.replace(/^\*\*(.+?):\*\*\n/, '$1: ').replace(/\\([*_`~|\\])/g, '$1').replace(/\n/g, ' ⏎ ');
}

/**
 * The sandbox's simulated Discord community, played from the console: `/community <Name>: <text>`
 * makes the member <Name> post in the fake Discord's support forum (their first post opens a
 * forum post; after a resolve, the next one opens a new post) — the real discord-community plugin
 * takes it from there. Whatever the bot posts in a member's post is printed as what they see.
 *
 * @example
 * plugins: [community, communityMembers(fake)]
 * // console: /community Ada: My order is late   →   💬 Discord · Ada sees: Switchboard Bot (agent): …
 */
export function communityMembers(fake: FakeDiscord): Plugin {
  const members = new Map<string, SimMember>();
  const ownerOf = (threadId: string) => [...members.entries()].find(([, member]) => member.threadId === threadId)?.[0];
  return definePlugin({
    name: 'sandbox-community',
    setup(ctx) {
      const feed = consoleFeed(ctx);
      feed.print('💬 Discord community (simulated): "/community Ada: My order is late" posts as the member Ada in its support forum; 💬 lines show what members see');
      watchBotPosts(fake, (post) => {
        const name = ownerOf(String(post['channel_id']));
        if (name !== undefined) feed.print(`💬 Discord · ${name} sees: ${memberView(String(post['content'] ?? ''))}`);
      });
      ctx.command(
        {
          name: 'community',
          description: 'Sandbox: post as a member of the simulated Discord community ("Name: text") — their post becomes a conversation of the community inbox',
          args: [{ name: 'text', type: 'rest', required: true, description: '"Name: text", e.g. "Ada: My order is late"' }],
        },
        async (cmd) => {
          const named = /^([^:\n]{1,80}):\s*([\s\S]+)$/.exec(String(cmd.args['text']));
          if (!named) throw new CommandError('use "community <Name>: <text>", e.g. "community Ada: My order is late"');
          const name = named[1]!.trim();
          const text = named[2]!.trim();
          // The community plugin's gateway session is up: what the member posts now reaches it.
          await waitFor(() => fake.identifies.length > 0, { what: 'the community plugin connected to the simulated Discord', timeoutMs: 15_000 });
          const member = members.get(name) ?? { user: fakeMember(name.toLowerCase().replace(/[^a-z0-9_.]/g, '') || 'member', name), threadId: undefined };
          members.set(name, member);
          const open = member.threadId !== undefined && fake.channel(member.threadId)?.['thread_metadata']?.locked !== true;
          if (!open) member.threadId = memberThread(fake, member.user, text.slice(0, 90));
          memberMessage(fake, member.threadId!, member.user, text);
          await cmd.replyPrivately(`💬 Discord · ${name} ${open ? 'wrote in their post' : 'opened a post in #support'}: ${text}`);
        },
      );
    },
  });
}

/**
 * Calls `onPost` for each message the bot stores in the fake Discord. The fake has no observer of
 * its own, so its message map's `set` is wrapped (the fake is this scene's own instance).
 */
function watchBotPosts(fake: FakeDiscord, onPost: (message: Json) => void): void {
  const messages = fake.state.messages;
  const set = messages.set.bind(messages);
  messages.set = (id, message) => {
    const known = messages.has(id);
    set(id, message);
    if (!known && message['author']?.['id'] === fake.botUser['id']) onPost(message);
    return messages;
  };
}
