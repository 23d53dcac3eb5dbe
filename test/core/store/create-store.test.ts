import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore, maskUrlPassword, sqliteFile } from '../../../src/core/store/create-store.ts';
import { captureLog } from '../../helpers/capture-log.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { tempStores } from './temp-store.ts';

const temp = tempStores();
afterEach(() => temp.cleanup());

describe('createStore: memory://', () => {
  it('gives one Keyv per namespace name, shared by later calls', async () => {
    const store = await temp.open('memory://');
    expect(store.namespace('links')).toBe(store.namespace('links'));
    expect(store.namespace('links')).not.toBe(store.namespace('echo'));
    expect(() => store.namespace('')).toThrow(/namespace/);
  });

  it('keeps namespaces apart, and stores apart', async () => {
    const store = await temp.open('memory://');
    await store.namespace('a').set('k', 'in a');
    await store.namespace('b').set('k', 'in b');
    expect(await store.namespace('a').get('k')).toBe('in a');
    expect(await store.namespace('b').get('k')).toBe('in b');
    expect(await store.namespace('c').get('k')).toBeUndefined();

    const other = await temp.open('memory://');
    expect(await other.namespace('a').get('k')).toBeUndefined();
  });

  it('clear() empties only its own namespace', async () => {
    const store = await temp.open('memory://');
    await store.namespace('a').set('k', 1);
    await store.namespace('b').set('k', 2);
    await store.namespace('a').clear();
    expect(await store.namespace('a').get('k')).toBeUndefined();
    expect(await store.namespace('b').get('k')).toBe(2);
  });

  it('prune() drops expired entries and keeps the rest', async () => {
    const store = await temp.open('memory://');
    const ns = store.namespace('echo');
    await ns.set('short', 1, 1);
    await ns.set('long', 2, 60_000);
    await ns.set('forever', 3);
    const start = Date.now();
    await waitFor(() => Date.now() > start + 2, { what: 'the clock to pass the ttl' });
    expect(await store.prune!()).toBe(1);
    expect(await ns.get('long')).toBe(2);
    expect(await ns.get('forever')).toBe(3);
  });
});

describe('createStore: sqlite://', () => {
  it('creates the data directory under cwd and persists across close and re-open', async () => {
    const cwd = temp.dir();
    const url = 'sqlite://data/nested/switchboard.sqlite';
    const first = await createStore(url, { cwd });
    expect(fs.statSync(path.join(cwd, 'data', 'nested')).isDirectory()).toBe(true);
    await first.namespace('links').set('conversation:42:slack', { key: 'C1:1700.01', data: { channel: 'C1' } });
    await first.namespace('cursors').set('watermark', 1_700_000_000_000);
    await first.close();

    const second = await temp.open(url, { cwd });
    expect(await second.namespace('links').get('conversation:42:slack')).toEqual({ key: 'C1:1700.01', data: { channel: 'C1' } });
    expect(await second.namespace('cursors').get('watermark')).toBe(1_700_000_000_000);
    expect(await second.namespace('echo').get('conversation:42:slack')).toBeUndefined();
  });

  it('takes sqlite:///absolute paths and runs in WAL mode', async () => {
    const dir = temp.dir();
    const file = path.join(dir, 'abs', 'store.sqlite');
    const store = await temp.open(`sqlite://${file}`);
    expect(fs.existsSync(file)).toBe(true);
    await store.namespace('a').set('k', 'v');
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
  });

  it('resolves paths: relative to cwd, absolute as given', () => {
    expect(sqliteFile('sqlite://data/x.sqlite', '/srv/bot')).toBe('/srv/bot/data/x.sqlite');
    expect(sqliteFile('sqlite:///var/lib/x.sqlite', '/srv/bot')).toBe('/var/lib/x.sqlite');
    expect(() => sqliteFile('sqlite://', '/srv/bot')).toThrow(/STORE_URL/);
  });

  it('keeps namespaces apart in one table, and clear() is per namespace (even with LIKE wildcards in names)', async () => {
    const store = await temp.open(`sqlite://${temp.dir()}/s.sqlite`);
    await store.namespace('a_b').set('k', 1);
    await store.namespace('axb').set('k', 2);
    await store.namespace('a_b').clear();
    expect(await store.namespace('a_b').get('k')).toBeUndefined();
    expect(await store.namespace('axb').get('k')).toBe(2);
  });

  it('applies writes in call order', async () => {
    const store = await temp.open(`sqlite://${temp.dir()}/s.sqlite`);
    const ns = store.namespace('order');
    const writes: Array<Promise<unknown>> = [];
    for (let i = 0; i < 50; i += 1) for (let v = 1; v <= 4; v += 1) writes.push(ns.set(`k${i}`, v));
    await Promise.all(writes);
    const values = await Promise.all(Array.from({ length: 50 }, (_, i) => ns.get(`k${i}`)));
    expect(values).toEqual(Array.from({ length: 50 }, () => 4));
  });

  it('expires ttl entries and prune() deletes them from the file', async () => {
    const dir = temp.dir();
    const store = await temp.open(`sqlite://${dir}/s.sqlite`);
    const ns = store.namespace('echo');
    await ns.set('short', 'gone soon', 1);
    await ns.set('kept', 'stays');
    const start = Date.now();
    await waitFor(() => Date.now() > start + 2, { what: 'the clock to pass the ttl' });
    expect(await store.prune!()).toBe(1);
    expect(await store.prune!()).toBe(0);
    expect(await ns.get('kept')).toBe('stays');
  });

  it('is one instance per file: a second store on it is refused with a line saying to use Redis, until the first closes', async () => {
    const url = `sqlite://${temp.dir()}/one.sqlite`;
    const first = await createStore(url);
    await first.namespace('n').set('k', 'v');
    await expect(createStore(url)).rejects.toThrow(/STORE_URL sqlite:\/\/.*one\.sqlite: another process \(a second Switchboard\?\) is using it: .*STORE_URL=redis:\/\//);
    expect(await first.namespace('n').get('k')).toBe('v');
    await first.close();
    const again = await temp.open(url);
    expect(await again.namespace('n').get('k')).toBe('v');
  });

  it('rejects with a clear error when the file cannot be opened (a directory), without crashing', async () => {
    const dir = temp.dir();
    const { log } = captureLog();
    await expect(createStore(`sqlite://${dir}`, { log })).rejects.toThrow(/STORE_URL sqlite:\/\/.*cannot open the sqlite database/);
  });

  it('logs adapter errors after open instead of throwing', async () => {
    const { log, lines } = captureLog();
    const store = await createStore(`sqlite://${temp.dir()}/s.sqlite`, { log });
    const ns = store.namespace('links');
    await store.close();
    // The connection is gone: keyv reports the failure as an 'error' event and a false result.
    expect(await ns.set('k', 'v')).toBe(false);
    expect(await ns.get('k')).toBeUndefined();
    expect(lines.some((line) => line['msg'] === 'store error' && line['namespace'] === 'links')).toBe(true);
  });
});

describe('createStore: URLs', () => {
  it('refuses an unknown scheme, naming STORE_URL and the supported ones', async () => {
    await expect(createStore('postgres://u:pw@db/switchboard')).rejects.toThrow(/STORE_URL "postgres:\/\/u:\*\*\*@db\/switchboard" is not supported: use memory:\/\//);
    await expect(createStore('data/switchboard.sqlite')).rejects.toThrow(/STORE_URL/);
  });

  it('masks passwords in displayUrl', async () => {
    expect(maskUrlPassword('redis://:s3cret@127.0.0.1:6379/0')).toBe('redis://:***@127.0.0.1:6379/0');
    expect(maskUrlPassword('rediss://default:s3cret@cache.example:6380')).toBe('rediss://default:***@cache.example:6380');
    expect(maskUrlPassword('redis://cache.example:6379')).toBe('redis://cache.example:6379');
    expect(maskUrlPassword('sqlite://data/switchboard.sqlite')).toBe('sqlite://data/switchboard.sqlite');
    const store = await temp.open('memory://');
    expect(store.url).toBe('memory://');
    expect(store.displayUrl).toBe('memory://');
  });

  it('defaults to sqlite://data/switchboard.sqlite under cwd', async () => {
    const cwd = temp.dir();
    const store = await createStore(undefined, { cwd });
    expect(store.url).toBe('sqlite://data/switchboard.sqlite');
    expect(fs.existsSync(path.join(cwd, 'data', 'switchboard.sqlite'))).toBe(true);
    await store.close();
  });
});
