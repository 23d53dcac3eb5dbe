import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { findRoute, matchesFault, readRequest, replyOf, sendReply } from '../fake-http/index.ts';
import type { AttachmentStore } from './attachment-store.ts';
import { parseBody, BodyParseError, type ParsedBody } from './request-body.ts';
import { createRestFaults, type RestFailRule } from './rest-fault-rules.ts';
import type { Route, RouteEnv, RouteResult } from './rest-route.ts';
import { accountRoutes } from './rest-routes-account.ts';
import { apiInboxRoutes } from './rest-routes-api-inbox.ts';
import { conversationRoutes } from './rest-routes-conversations.ts';
import { messageRoutes } from './rest-routes-messages.ts';
import { publicApiRoutes } from './rest-routes-public-api.ts';
import { NOT_FOUND, SimError } from './simulator-core.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export interface RestServer {
  handle(req: IncomingMessage, res: ServerResponse): void;
  requests: RecordedRequest[];
  /** Returns `stop()`, which removes the rule. */
  failRest(rule: RestFailRule): () => void;
  /** Answers matching requests only when the returned function is called (their effects happen at once). */
  holdResponses(rule: { method?: string; path?: string | RegExp }): () => void;
  resetFaults(): void;
}

const ROUTES: Route[] = [...accountRoutes, ...apiInboxRoutes, ...conversationRoutes, ...messageRoutes, ...publicApiRoutes];

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendReply(res, replyOf(status, body, headers));
}

function accessToken(headers: IncomingHttpHeaders): string | undefined {
  // Node keeps underscores in header names; `HTTP_API_ACCESS_TOKEN` works too (AccessTokenAuthHelper).
  const value = headers['api_access_token'] ?? headers['http_api_access_token'];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The REST half of the simulator: records every request, applies injected failures, authenticates
 * like Chatwoot (401 shapes), then dispatches to the route tables.
 *
 * @example
 * const rest = createRestServer(env);
 * http.createServer((req, res) => rest.handle(req, res));
 */
export function createRestServer(env: RouteEnv, attachments: AttachmentStore, options: { random?: () => number } = {}): RestServer {
  const requests: RecordedRequest[] = [];
  const faults = createRestFaults(options.random);
  // Held responses: the request is fully processed (and broadcast) but its answer waits for release,
  // like a slow network or proxy: the websocket event then beats the HTTP response.
  const holds = new Set<{ method?: string; path?: string | RegExp; released: Promise<void> }>();
  const heldFor = (method: string, path: string) => [...holds].find((h) => matchesFault(h, { method, path }));

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { url, method, path, query, raw } = await readRequest(req);
    let body: ParsedBody = { params: {}, files: [] };
    let parseError: string | undefined;
    try {
      body = await parseBody(raw, req.headers['content-type']);
    } catch (error) {
      parseError = error instanceof BodyParseError ? error.message : 'Bad Request';
    }
    requests.push({ method, path, query, body: parseError ? raw.toString('utf8') : body.params, headers: { ...req.headers } });

    const failure = faults.take(method, path);
    if (failure && !failure.afterCommit) return sendJson(res, failure.status, failure.body, failure.headers);
    // Save-then-fail: whatever the request did stays done; only its answer is replaced.
    const lostAnswer = () => sendJson(res, failure!.status, failure!.body, failure!.headers);

    if (method === 'GET' || method === 'HEAD') {
      const blob = attachments.serve(path);
      if (blob) {
        if (failure) return lostAnswer();
        res.writeHead(blob.status, blob.headers);
        res.end(method === 'HEAD' ? undefined : blob.body);
        return;
      }
    }

    const match = findRoute(ROUTES, method, path);
    if (!match) return sendJson(res, 404, { error: NOT_FOUND });

    const callerId = env.agentForToken(accessToken(req.headers));
    if (match.route.auth !== false && callerId === undefined) {
      return sendJson(res, 401, { error: 'Invalid Access Token' });
    }
    const account = match.params['account'];
    if (account !== undefined && Number(account) !== env.core.state.accountId) {
      return sendJson(res, 401, { error: 'You are not authorized to do this action' });
    }
    if (parseError) return sendJson(res, 400, { error: parseError });

    let result: RouteResult;
    try {
      result = await match.route.handle(env, {
        params: match.params,
        query: { ...query },
        search: url.searchParams,
        body,
        callerId: callerId ?? env.core.bot().id,
      });
    } catch (error) {
      if (error instanceof SimError) return sendJson(res, error.status, { error: error.message });
      return sendJson(res, 500, { error: error instanceof Error ? error.message : 'Internal Server Error' });
    }
    const hold = heldFor(method, path);
    if (hold) await hold.released;
    if (failure) return lostAnswer();
    sendJson(res, result.status ?? 200, result.body);
  }

  return {
    handle(req, res) {
      dispatch(req, res).catch(() => {
        if (!res.headersSent) sendJson(res, 500, { error: 'Internal Server Error' });
        else res.destroy();
      });
    },
    requests,
    failRest: (rule) => faults.add(rule),
    holdResponses(rule) {
      let release: () => void = () => {};
      const hold = { ...rule, released: new Promise<void>((resolve) => (release = resolve)) };
      holds.add(hold);
      return () => {
        holds.delete(hold);
        release();
      };
    },
    resetFaults: () => faults.reset(),
  };
}
