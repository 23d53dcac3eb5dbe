/** Where a scaffolded plugin imports Switchboard from: the package, or this repository's sources. */
export interface ImportPaths {
  api: string;
  testing: string;
  /** Bundled plugins, by name (`switchboard/plugins/slack`). */
  bundled: (name: 'console' | 'slack' | 'discord') => string;
}

export const PACKAGE_IMPORTS: ImportPaths = {
  api: 'switchboard',
  testing: 'switchboard/testing',
  bundled: (name) => `switchboard/plugins/${name}`,
};

/** Inside the Switchboard repository itself (no build needed). */
export const REPO_IMPORTS: ImportPaths = {
  api: '../../src/index.ts',
  testing: '../../src/testing/index.ts',
  bundled: (name) => `../plugins/${name}/index.ts`,
};

const identifier = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The greeter shape: a greeting for every new conversation, and a command that sends it again. */
export function pluginSource(name: string, paths: ImportPaths): string {
  return `import { definePlugin, z } from '${paths.api}';

/**
 * ${name}: welcomes every new conversation once, and \`/${name} [conversation]\` sends the welcome again.
 * Settings (config/switchboard.config.ts → settings['${name}']): \`greeting\`.
 */
export default definePlugin({
  name: '${name}',
  config: z.object({ greeting: z.string().default('Hi! An agent will be with you shortly.') }),
  setup(ctx) {
    ctx.on('conversation.created', async (event) => {
      // No greeting for old news (re-read after a disconnect) or events without a conversation.
      if (event.replayed || event.conversationId === null) return;
      await ctx.chatwoot.reply(event.conversationId, ctx.config.greeting);
    });

    ctx.command(
      { name: '${name}', description: 'Send the welcome again', conversation: 'required', permission: 'agent' },
      async (cmd) => {
        const id = cmd.conversationId!;
        // Durably queued when this returns; receipt.delivered settles once Chatwoot accepted it.
        await ctx.chatwoot.reply(id, ctx.config.greeting, { origin: { surface: cmd.surface } });
        await cmd.reply(\`Welcome sent to #\${id}.\`);
      },
    );
  },
});
`;
}

export function pluginTestSource(name: string, paths: ImportPaths): string {
  const plugin = identifier(name);
  return `import { afterEach, expect, it } from 'vitest';
import { createTestBot, type TestBot } from '${paths.testing}';
import ${plugin} from './index.ts';

// A whole Switchboard against an in-process Chatwoot: \`bot.idle()\` waits until every event was
// handled and every write delivered, so there are no sleeps.
let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

it('welcomes a new conversation once', async () => {
  bot = await createTestBot({ plugins: [${plugin}], config: { settings: { '${name}': { greeting: 'Hello!' } } } });
  const conversation = bot.chatwoot.createConversation({ contactName: 'Ada', content: 'Hi' });
  await bot.idle();
  const replies = bot.chatwoot.messages(conversation.id!).filter((m) => m.message_type === 'outgoing');
  expect(replies.map((m) => m.content)).toEqual(['Hello!']);
});

it('sends the welcome again on command', async () => {
  bot = await createTestBot({ plugins: [${plugin}] });
  const conversation = bot.chatwoot.createConversation({ content: 'Hi' });
  await bot.idle();
  const run = await bot.command(\`${name} \${conversation.id}\`);
  expect(run.replies).toEqual([\`Welcome sent to #\${conversation.id}.\`]);
  await bot.idle();
  const replies = bot.chatwoot.messages(conversation.id!).filter((m) => m.message_type === 'outgoing');
  expect(replies).toHaveLength(2);
});
`;
}

/** A complete config: without the bundled surfaces listed, Slack, Discord and the console would be off. */
export function configSource(name: string, paths: ImportPaths): string {
  const plugin = identifier(name);
  return `import { defineConfig } from '${paths.api}';
import consoleSurface from '${paths.bundled('console')}';
import discord from '${paths.bundled('discord')}';
import slack from '${paths.bundled('slack')}';
import ${plugin} from '../plugins/${name}/index.ts';

// Which plugins run and their non-secret settings; secrets (tokens) come from the environment.
// Slack and Discord switch themselves on when their credentials are set.
export default defineConfig({
  plugins: [slack, discord, ${plugin}],
  settings: {
    '${name}': { greeting: 'Hi! An agent will be with you shortly.' },
  },
  // Only without CHATWOOT_URL: the embedded Chatwoot simulator, shown in the terminal.
  sandbox: { plugins: [consoleSurface], customers: true },
});
`;
}

export const TSCONFIG_SOURCE = `{
  "compilerOptions": {
    "target": "ES2023",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "verbatimModuleSyntax": true,
    "allowImportingTsExtensions": true,
    "skipLibCheck": true,
    "noEmit": true
  },
  "include": ["plugins", "config"]
}
`;

/** `npx tsc --noEmit -p plugins/<name>`: a type check of just this folder (and what it imports). */
export const FOLDER_TSCONFIG_SOURCE = `{
  "extends": "../../tsconfig.json",
  "include": ["."]
}
`;

export { identifier as pluginIdentifier };
