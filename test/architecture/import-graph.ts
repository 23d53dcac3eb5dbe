import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Relative imports (static, `export … from`, dynamic with a literal) of every .ts file under `root`, comments ignored. */
export function importGraph(root: string): Map<string, Set<string>> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.ts')) files.push(path);
    }
  };
  walk(root);
  const specifier = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const targets = new Set<string>();
    for (const match of code.matchAll(specifier)) {
      const target = resolve(dirname(file), (match[1] ?? match[2])!);
      if (target.startsWith(root + sep)) targets.add(relative(root, target));
    }
    graph.set(relative(root, file), targets);
  }
  return graph;
}

/** The graph between groups of files (`group` names a file's group); edges inside a group are left out. */
export function groupGraph(graph: Map<string, Set<string>>, group: (file: string) => string): Map<string, Set<string>> {
  const groups = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const from = group(file);
    if (!groups.has(from)) groups.set(from, new Set());
    for (const target of targets) if (group(target) !== from) groups.get(from)!.add(group(target));
  }
  return groups;
}

/** Strongly connected components with more than one node (Tarjan): each one is an import cycle. */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indices.get(next)!));
    }
    if (low.get(node) !== indices.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found;
}

/** A file's folder (`core/bus`), or its top-level folder (`core`) with `depth` 1. */
export const folderOf = (file: string, depth = Infinity): string => dirname(file).split(sep).slice(0, depth).join('/');
