import { definePlugin } from '../../src/index.ts';

/**
 * The smallest useful plugin: one log line per Chatwoot event. Load it without touching the config:
 * `SWITCHBOARD_PLUGINS=./plugins/examples/event-logger.ts npm start`.
 */
export default definePlugin({
  name: 'event-logger',
  setup(ctx) {
    ctx.on('*', (event) => {
      ctx.log.info({ event: event.name, conversation: event.conversationId, source: event.source }, 'chatwoot event');
    });
  },
});
