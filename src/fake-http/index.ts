/**
 * Fake HTTP: the parts every local stand-in for an HTTP API needs — listen on 127.0.0.1, read and
 * parse requests, find a route, inject faults, answer. The sandbox's Chatwoot and the test fakes
 * (Slack, Discord, Chatwoot REST) are built on it; `switchboard/testing` re-exports it.
 *
 * It lives beside the sandbox rather than under `src/testing/` because the sandbox is shipped and
 * runs outside tests (no credentials set), and `src/testing` already depends on the sandbox: this
 * folder depends on neither, so there is no cycle.
 */
export { closeServer, listenLocal } from './local-server.ts';
export { mediaType, readRequest, type ReceivedRequest } from './read-request.ts';
export { BodyParseError, parseBody, parseForm, parseJson, parseMultipart, type ParsedRequestBody, type UploadedFile } from './parse-body.ts';
export { findRoute, pathPattern, type RouteLike, type RouteMatch } from './find-route.ts';
export { createFaultRules, faultReply, matchesFault, type FaultReply, type FaultRule, type FaultRules, type FaultTarget, type HttpFault } from './fault-rules.ts';
export { replyOf, sendReply, type FakeReply } from './send-reply.ts';
export { startFakeHttp, type FakeHttp, type FakeHttpHandler, type FakeHttpOptions, type FakeHttpRequest } from './start-fake-http.ts';
