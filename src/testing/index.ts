/**
 * `switchboard/testing`: test plugins against a whole Switchboard and an in-process Chatwoot.
 *
 * @example
 * import { createTestBot } from 'switchboard/testing';
 */
export { createTestBot, type TestBot, type TestBotOptions, type TestChatwoot, type CommandRun } from './create-test-bot.ts';
export type { ChatwootSimulator, SimulatorOptions } from '../sandbox/create-chatwoot-simulator.ts';
