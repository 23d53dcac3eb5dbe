/**
 * `switchboard/testing`: test plugins against a whole Switchboard and an in-process Chatwoot —
 * `createTestBot`, `waitFor` and `deferred` to await conditions instead of sleeping, `fake-http`
 * to stand up the far side of an HTTP API, and builders for raw Chatwoot payloads.
 *
 * @example
 * import { createTestBot, waitFor } from 'switchboard/testing';
 */
export { createTestBot, type TestBot, type TestBotOptions, type TestChatwoot, type CommandRun } from './create-test-bot.ts';
export { createChatwootSimulator, type ChatwootSimulator, type SimulatorOptions } from '../sandbox/create-chatwoot-simulator.ts';
export { waitFor, type WaitForOptions } from './wait-for.ts';
export { deferred, type Deferred } from './deferred.ts';
export { startCallbackRelay, type CallbackRelay } from './callback-relay.ts';
export * from '../fake-http/index.ts';
export {
  chatwootPayloads,
  type AgentInit,
  type ChatwootPayloads,
  type ContactInit,
  type ConversationInit,
  type MessageInit,
  type RawContact,
  type RawConversation,
  type RawMessage,
} from './chatwoot-payloads.ts';
