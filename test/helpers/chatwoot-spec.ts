import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { RecordedRequest } from '../../src/sandbox/rest-server.ts';

/**
 * Checks requests the bot made (recorded by the simulator) against Chatwoot's published OpenAPI
 * document (test/fixtures/chatwoot-openapi.json, extracted by scripts/extract-chatwoot-spec.mjs):
 * the path and method exist, query parameters are declared, JSON bodies validate against the
 * request schema, and no body field is unknown to it. The published schemas allow extra fields,
 * so unknown ones are reported too — a misspelt `inboxId` would otherwise pass — unless listed in
 * {@link UNDOCUMENTED} with the reason Chatwoot accepts them.
 *
 * @example
 * expect(specProblems(sim.rest.requests)).toEqual([]);
 */
export function specProblems(requests: readonly RecordedRequest[]): string[] {
  const problems: string[] = [];
  for (const request of requests) {
    const where = `${request.method} ${request.path}`;
    if (OUTSIDE_SPEC.some(({ call }) => call.test(where))) continue;
    const match = findOperation(request.method, request.path);
    if (!match) {
      problems.push(`${where}: no such operation in the published spec`);
      continue;
    }
    const { template, operation, pathItem } = match;
    const declared = new Set([...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) => resolveParameter(p)).filter((p) => p.in === 'query').map((p) => p.name));
    for (const name of Object.keys(request.query)) {
      if (!declared.has(name) && !allowed(template, request.method, `?${name}`)) problems.push(`${where}: query parameter "${name}" is not in the spec`);
    }
    const content = operation.requestBody?.content;
    if (!content || request.body === undefined || request.body === null || (typeof request.body === 'object' && Object.keys(request.body).length === 0)) continue;
    const type = String(request.headers['content-type'] ?? '');
    const media = type.startsWith('multipart/form-data') ? 'multipart/form-data' : 'application/json';
    const schema = content[media]?.schema;
    if (!schema) {
      problems.push(`${where}: the spec takes no ${media} body`);
      continue;
    }
    const pointer = `#/paths/${escape(template)}/${request.method.toLowerCase()}/requestBody/content/${escape(media)}/schema`;
    const body = request.body as Record<string, unknown>;
    // Form fields arrive as strings: only their names are checked.
    if (media === 'application/json') {
      const validate = ajv.getSchema(`chatwoot${pointer}`);
      if (!validate) throw new Error(`no schema at ${pointer}`);
      if (!validate(body)) for (const error of validate.errors ?? []) problems.push(`${where}: body${error.instancePath} ${error.message ?? 'is invalid'}`);
    }
    const known = propertiesOf(schema);
    for (const field of Object.keys(body)) {
      // Rack (and the simulator) read a form's `name[]` fields as `name`.
      const isKnown = known.has(field) || (media === 'multipart/form-data' && known.has(`${field}[]`));
      if (!isKnown && !allowed(template, request.method, field)) problems.push(`${where}: body field "${field}" is not in the spec`);
    }
  }
  return problems;
}

/**
 * Fields and parameters Chatwoot accepts that its published document leaves out, each with why
 * (see Chatwoot's controllers; reference: the internals notes, "REST API" table).
 */
export const UNDOCUMENTED: Record<string, string> = {
  // Messages::MessageBuilder reads echo_id and returns it on the message and in the cable echo.
  'POST /api/v1/accounts/{account_id}/conversations/{conversation_id}/messages echo_id': 'echo id, returned on the message',
  // ConversationFinder: `updated_within=<seconds>` (no paging) and `sort_by` — what catch-up lists by.
  'GET /api/v1/accounts/{account_id}/conversations ?updated_within': 'catch-up listing',
  'GET /api/v1/accounts/{account_id}/conversations ?sort_by': 'catch-up listing',
  // Public client API: Rails' params are query and body together. ContactsController#process_hmac
  // reads identifier and identifier_hash on every contact action, a GET included; #create takes a
  // source_id of the caller's choosing (else a UUID); MessagesController#index pages with `before`.
  'GET /public/api/v1/inboxes/{inbox_identifier}/contacts/{contact_identifier} ?identifier': 'HMAC identity on a read',
  'GET /public/api/v1/inboxes/{inbox_identifier}/contacts/{contact_identifier} ?identifier_hash': 'HMAC identity on a read',
  'POST /public/api/v1/inboxes/{inbox_identifier}/contacts source_id': "the session's id, chosen by the client",
  'GET /public/api/v1/inboxes/{inbox_identifier}/contacts/{contact_identifier}/conversations/{conversation_id}/messages ?before': 'older messages (MessageFinder)',
};

/** Calls outside the published document, each with why. */
export const OUTSIDE_SPEC: ReadonlyArray<{ call: RegExp; why: string }> = [
  { call: /^GET \/api$/, why: "the version probe: Chatwoot's ApiController#index answers { version, timestamp, … }" },
  { call: /^GET \/rails\/active_storage\//, why: "an attachment's data_url: the file itself, served by Rails' ActiveStorage" },
];

type Parameter = { name: string; in: string; $ref?: string };
type Operation = { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } };
type PathItem = { parameters?: Parameter[] } & Record<string, unknown>;
type Schema = { $ref?: string; properties?: Record<string, unknown>; allOf?: Schema[] };

const spec = JSON.parse(readFileSync(new URL('../fixtures/chatwoot-openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, PathItem>;
  components: { schemas?: Record<string, Schema>; parameters?: Record<string, Parameter> };
};
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema(spec, 'chatwoot');

const templates = Object.keys(spec.paths).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  // Literal segments first: /contacts/search before /contacts/{id}.
  literals: template.split('/').filter((s) => s && !s.startsWith('{')).length,
}));
templates.sort((a, b) => b.literals - a.literals);

function findOperation(method: string, path: string) {
  for (const { template, pattern } of templates) {
    if (!pattern.test(path)) continue;
    const pathItem = spec.paths[template]!;
    const operation = pathItem[method.toLowerCase()] as Operation | undefined;
    if (operation) return { template, operation, pathItem };
  }
  return undefined;
}

function resolveParameter(parameter: Parameter): Parameter {
  if (!parameter.$ref) return parameter;
  const name = parameter.$ref.split('/').pop() ?? '';
  return spec.components.parameters?.[name] ?? parameter;
}

function propertiesOf(schema: Schema): Set<string> {
  const resolved = schema.$ref ? spec.components.schemas?.[schema.$ref.split('/').pop() ?? ''] ?? {} : schema;
  const names = new Set(Object.keys(resolved.properties ?? {}));
  for (const part of resolved.allOf ?? []) for (const name of propertiesOf(part)) names.add(name);
  return names;
}

function allowed(template: string, method: string, field: string): boolean {
  return `${method} ${template} ${field}` in UNDOCUMENTED;
}

/** A JSON pointer segment inside a URI fragment. */
function escape(segment: string): string {
  return encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
}
