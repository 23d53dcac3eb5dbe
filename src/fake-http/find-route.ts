/** Anything with a method and a pattern tested against the pathname. */
export interface RouteLike {
  method: string;
  pattern: RegExp;
}

export interface RouteMatch<R> {
  route: R;
  match: RegExpExecArray;
  /** The pattern's named groups (`:name` segments of {@link pathPattern}). */
  params: Record<string, string>;
}

/**
 * `/api/v1/accounts/:account/agents` → a pattern matching exactly that path, each `:name` segment
 * a named group; everything else is literal.
 *
 * @example
 * pathPattern('/conversations/:cid').exec('/conversations/7')?.groups; // { cid: '7' }
 */
export function pathPattern(path: string): RegExp {
  const source = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_, name: string) => `(?<${name}>[^/]+)`);
  return new RegExp(`^${source}$`);
}

/**
 * The first route, in table order, whose method is `method` and whose pattern matches `path`.
 *
 * @example
 * const found = findRoute(routes, 'GET', '/conversations/7');
 * if (found) return found.route.handle(found.params);
 */
export function findRoute<R extends RouteLike>(routes: readonly R[], method: string, path: string): RouteMatch<R> | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match) return { route, match, params: { ...(match.groups ?? {}) } };
  }
  return undefined;
}
