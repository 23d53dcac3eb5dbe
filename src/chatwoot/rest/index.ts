export * from './create-chatwoot-rest.ts';
