import { createPluginState, type PluginState } from './plugin-state.ts';
import type { BusHandler } from './types.ts';

/** One handler that an event name reaches, with the plugin it belongs to. */
export interface Route {
  readonly plugin: PluginState;
  readonly handler: BusHandler;
}

export interface RouteTable {
  subscribe(plugin: string, name: string, handler: BusHandler): void;
  /** Routes for an event name: plugins in subscription order, each plugin's handlers in order. */
  routesFor(name: string): readonly Route[];
  plugin(name: string): PluginState | undefined;
  plugins(): IterableIterator<PluginState>;
}

// Names come from the wire; cap the memo so an odd stream of unknown names cannot grow it forever.
const MAX_CACHED_NAMES = 512;

/**
 * Subscriptions, with the route list for each event name computed once and memoized (cleared on
 * every subscribe, which happens at setup), so `publish` costs one Map lookup.
 *
 * @example
 * const table = createRouteTable();
 * table.subscribe('audit', '*', handler);
 * table.routesFor('message.created'); // → [{ plugin: <audit>, handler }]
 */
export function createRouteTable(): RouteTable {
  const plugins = new Map<string, PluginState>();
  const cache = new Map<string, readonly Route[]>();

  const build = (name: string): readonly Route[] => {
    const routes: Route[] = [];
    for (const plugin of plugins.values()) {
      for (const subscription of plugin.subscriptions) {
        if (subscription.name === name || subscription.name === '*') routes.push({ plugin, handler: subscription.handler });
      }
    }
    if (cache.size >= MAX_CACHED_NAMES) cache.clear();
    cache.set(name, routes);
    return routes;
  };

  return {
    subscribe(pluginName, name, handler) {
      let plugin = plugins.get(pluginName);
      if (plugin === undefined) {
        plugin = createPluginState(pluginName);
        plugins.set(pluginName, plugin);
      }
      plugin.subscriptions.push({ name, handler });
      cache.clear();
    },
    routesFor: (name) => cache.get(name) ?? build(name),
    plugin: (name) => plugins.get(name),
    plugins: () => plugins.values(),
  };
}
