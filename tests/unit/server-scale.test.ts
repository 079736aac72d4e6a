// @vitest-environment node
/**
 * Several newsroom server instances over Redis, documents and accounts in
 * PostgreSQL (issue 17), with real Debian `redis-server` and PostgreSQL 15
 * started here (./server-services.ts) and the built out/server/main.js run
 * as its users run it, twice.
 *
 * Clients reach the instances through a small TCP balancer in this file
 * (as nginx would): each front tries its instances in order, the next one
 * when one refuses. Clients of front A are served by instance A while it
 * lives, those of front B by instance B.
 *
 * "Acknowledged": a client's edit is acknowledged once its provider has no
 * unsynced changes left after it (every update it sent answered by the
 * server's sync status: the server applied it).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import net from 'node:net';
import * as Y from 'yjs';
import { afterAll, expect, it } from 'vitest';
import { writeArticleFields } from '../../shared/collab/article-doc';
import { articleDocName, versionDocName } from '../../shared/collab/doc-names';
import { memoryLogger } from '../../server/log';
import { compareStates } from '../../server/migrate';
import { startServer } from '../../server/server';
import { PostgresDocumentStorage } from '../../server/storage-postgres';
import { connect, nextAuth, removeTempDirs, buildTestServer, tempDir, until, type Client } from './server-harness';
import { freePort, skipped, startPostgres, startRedis, type PostgresService, type RedisService } from './server-services';
import { describeWhenStarted } from './server-skip';

const [redisService, postgresService] = await Promise.all([startRedis(), startPostgres()]);
const unavailable = skipped(redisService) ? redisService.skip : skipped(postgresService) ? postgresService.skip : null;

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  if (!skipped(redisService)) await redisService.stop();
  if (!skipped(postgresService)) await postgresService.stop();
  removeTempDirs();
}, 60_000);

let built: Promise<string> | null = null;
/** Built once for the file. */
const mainJs = (): Promise<string> => (built ??= buildTestServer(tempDir('qelem-server-build-')));

function services(): { redis: RedisService; postgres: PostgresService } {
  if (skipped(redisService) || skipped(postgresService)) throw new Error(unavailable ?? 'unavailable');
  return { redis: redisService, postgres: postgresService };
}

function run(main: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function token(stdout: string): string {
  const match = /^QELEM_TOKEN=([A-Za-z0-9_-]{43})\n$/.exec(stdout);
  if (!match) throw new Error(`not one QELEM_TOKEN line: ${JSON.stringify(stdout)}`);
  return match[1]!;
}

interface Instance {
  child: ChildProcessWithoutNullStreams;
  port: number;
  url: string;
  http: string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** Starts main.js on `port` with `args`; resolves once it printed its URL. */
async function instance(main: string, port: number, ...args: string[]): Promise<Instance> {
  const child = spawn(process.execPath, [main, '--port', String(port), ...args]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exit;
    }
  });
  await until(() => stdout.includes('\n') || child.exitCode !== null, 'the instance to print its URL', 30_000);
  const url = /^QELEM_SERVER_URL=(\S+)\n/.exec(stdout)?.[1];
  if (!url) throw new Error(`no QELEM_SERVER_URL line: ${stdout} ${stderr}`);
  return { child, port, url, http: url.replace(/^ws/, 'http'), stderr: () => stderr, exit };
}

/**
 * A TCP front for the instances: each connection goes to the first of
 * `ports()` that accepts it (a load balancer's failover, without health
 * checks: a stopped instance refuses connections).
 */
async function front(ports: () => number[]): Promise<{ url: string; close: () => Promise<void> }> {
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const order = ports();
    const attempt = (i: number) => {
      if (i >= order.length || client.destroyed) {
        client.destroy();
        return;
      }
      const upstream = net.connect({ host: '127.0.0.1', port: order[i]! });
      upstream.once('error', () => attempt(i + 1));
      upstream.once('connect', () => {
        open.add(upstream);
        upstream.removeAllListeners('error');
        upstream.on('error', () => client.destroy());
        upstream.on('close', () => {
          open.delete(upstream);
          client.destroy();
        });
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    attempt(0);
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as net.AddressInfo;
  const close = async () => {
    for (const socket of open) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  cleanups.push(close);
  return { url: `ws://127.0.0.1:${port}`, close };
}

function client(url: string, name: string, bearer: string): Client {
  const c = connect(url, name, bearer);
  cleanups.push(() => c.destroy());
  return c;
}

/** A client that types: marks (`who:n:time`) into the document's `marks` array, a letter into its `body`. */
interface Typist {
  who: string;
  front: 'A' | 'B';
  name: string;
  client: Client;
  made: string[];
  /** How many of `made` are acknowledged. */
  acked: number;
  /** Times the provider reported synced (after a connect). */
  syncedAt: number[];
  type(): void;
}

function typist(who: string, frontName: 'A' | 'B', url: string, name: string, bearer: string): Typist {
  const c = client(url, name, bearer);
  const t: Typist = {
    who,
    front: frontName,
    name,
    client: c,
    made: [],
    acked: 0,
    syncedAt: [],
    type() {
      const mark = `${who}:${t.made.length}:${Date.now()}`;
      t.made.push(mark);
      c.doc.transact(() => {
        c.doc.getArray<string>('marks').push([mark]);
        const body = c.doc.getText('body');
        body.insert(Math.floor(Math.random() * (body.length + 1)), String.fromCharCode(97 + (t.made.length % 26)));
      });
    },
  };
  c.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
    if (number === 0) t.acked = t.made.length;
  });
  c.provider.on('synced', () => t.syncedAt.push(Date.now()));
  return t;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : NaN;
};

async function readyz(http: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${http}/readyz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describeWhenStarted(unavailable, 'newsroom server: several instances over Redis and PostgreSQL', () => {
  it(
    'two instances: edits and presence cross live; one SIGKILLed mid-edit, its clients move to the other, one SIGTERMed, its clients move back; nothing acknowledged is lost and PostgreSQL holds what every client holds',
    { timeout: 150_000 },
    async () => {
      const { redis, postgres } = services();
      const main = await mainJs();
      const db = await postgres.createDatabase();
      const ed = token(run(main, 'user', 'add', 'ed', '--role', 'editor', '--postgres', db).stdout);
      expect(run(main, 'user', 'add', 'rita', '--role', 'reporter', '--postgres', db).status).toBe(0);
      expect(run(main, 'user', 'list', '--postgres', db).stdout).toMatch(/^NAME +ROLE +CREATED\ned +editor .*\nrita +reporter .*\n$/);

      const [portA, portB] = [await freePort(), await freePort()];
      let a = await instance(main, portA, '--postgres', db, '--redis', redis.url);
      const b = await instance(main, portB, '--postgres', db, '--redis', redis.url);
      // A third without --redis would hold documents nobody else sees: refused.
      const alone = run(main, '--postgres', db, '--port', '0');
      expect(alone.status).toBe(1);
      expect(alone.stderr).toMatch(/^qelem-server: a Qelem server without --redis is using|^qelem-server: another Qelem server is already using/);

      expect(await (await fetch(`${a.http}/healthz`)).json()).toEqual({ status: 'ok' });
      expect(await readyz(a.http)).toEqual({ status: 200, body: { ready: true, state: 'serving', storage: 'ok', accounts: 'ok', instanceLock: 'ok', redis: 'ok' } });
      expect((await readyz(b.http)).status).toBe(200);

      const frontA = await front(() => [a.port, portB]);
      const frontB = await front(() => [portB, a.port]);

      // Documents: the library, two articles and two of their versions each.
      const ids = ['7a1c0f5e-0d7b-4c52-9a51-3f1f5b3c6d01', '7a1c0f5e-0d7b-4c52-9a51-3f1f5b3c6d02'];
      const names = ['library', ...ids.flatMap((id) => [articleDocName(id), versionDocName(id, 'en'), versionDocName(id, 'ckb')])];
      const typists: Typist[] = [];
      for (const [d, name] of names.entries()) {
        for (const i of [0, 1]) {
          typists.push(typist(`a${d}.${i}`, 'A', frontA.url, name, ed));
          typists.push(typist(`b${d}.${i}`, 'B', frontB.url, name, ed));
        }
      }
      // The glossary: one client types on A, another sits on A without typing, a third watches on B.
      // After A dies and its clients are gone, only B's memory holds what was typed there.
      const writer = typist('w', 'A', frontA.url, 'glossary', ed);
      const idleOnA = client(frontA.url, 'glossary', ed);
      const watcherOnB = client(frontB.url, 'glossary', ed);
      typists.push(writer);
      for (const t of typists) expect(await t.client.auth).toEqual({ scope: 'read-write' });
      for (const c of [idleOnA, watcherOnB]) expect(await c.auth).toEqual({ scope: 'read-write' });
      await until(() => [...typists.map((t) => t.client), idleOnA, watcherOnB].every((c) => c.provider.isSynced), 'every client to sync', 20_000);

      // Presence crosses: a client on A appears at a client of the same document on B.
      const [presenceA, presenceB] = [typists[0]!, typists[1]!];
      presenceA.client.provider.setAwarenessField('user', { name: 'ed on A' });
      await until(
        () => [...presenceB.client.provider.awareness!.getStates().values()].some((s) => (s as { user?: { name?: string } }).user?.name === 'ed on A'),
        "A's presence at B",
        10_000,
      );

      // Edits cross live, measured: the time from a mark typed on one instance to its arrival at a client of the other.
      const crossing: number[] = [];
      for (const t of typists) {
        t.client.doc.getArray<string>('marks').observe((event) => {
          if (event.transaction.local) return;
          for (const item of event.changes.added) {
            for (const mark of item.content.getContent() as string[]) {
              const [who, , at] = mark.split(':');
              if (who?.[0] !== t.who[0]) crossing.push(Date.now() - Number(at));
            }
          }
        });
      }

      // Everyone types, every 40 ms.
      let typing = true;
      const loop = (async () => {
        while (typing) {
          for (const t of typists) t.type();
          await new Promise((resolve) => setTimeout(resolve, 40));
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 2_000));

      // Some of A's clients leave (their desktops close) once their edits are acknowledged: from then on only the instances hold those edits.
      const leavers = typists.filter((t) => t.front === 'A' && (t.who.endsWith('.1') || t === writer));
      const stayers = typists.filter((t) => !leavers.includes(t));
      typists.splice(0, typists.length, ...stayers);
      await until(() => leavers.every((t) => !t.client.provider.hasUnsyncedChanges), "the leavers' edits to be acknowledged", 10_000);
      for (const t of leavers) {
        expect(t.acked).toBe(t.made.length);
        t.client.destroy();
      }
      const crossingBeforeKill = [...crossing];

      // SIGKILL A mid-edit: its clients reconnect through their front to B.
      const killedAt = Date.now();
      a.child.kill('SIGKILL');
      await a.exit;
      idleOnA.destroy();
      const storage = await PostgresDocumentStorage.open(db);
      cleanups.push(() => storage.close());
      // A never stored the glossary (its store waits 2 s after the last change): the writer's marks are in B's memory, and the watcher's.
      const glossaryMarks = async () => {
        const state = await storage.fetch('glossary');
        const doc = new Y.Doc();
        if (state) Y.applyUpdate(doc, state);
        return new Set(doc.getArray<string>('marks').toArray());
      };
      expect(writer.made.length).toBeGreaterThan(10);
      const storedBeforeKill = await glossaryMarks();
      expect(writer.made.every((m) => storedBeforeKill.has(m))).toBe(false);
      await until(() => watcherOnB.doc.getArray<string>('marks').length === writer.made.length, "the writer's marks at the watcher on B");
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      typing = false;
      await loop;

      // The watcher leaves too: B, unloading the glossary, stores what only it holds now.
      watcherOnB.destroy();
      await until(async () => {
        const stored = await glossaryMarks();
        return writer.made.every((m) => stored.has(m));
      }, "B to store the writer's marks when its last client of the glossary leaves", 15_000);

      const moved = stayers.filter((t) => t.front === 'A');
      await until(() => stayers.every((t) => t.client.provider.isSynced && !t.client.provider.hasUnsyncedChanges), 'every client to be synced with B', 20_000);
      const failover = moved.map((t) => (t.syncedAt.find((at) => at > killedAt) ?? NaN) - killedAt);
      expect(failover.every(Number.isFinite)).toBe(true);

      /** Every client of each document holds the same document, with every acknowledged mark (the leavers' too). */
      const converged = () => {
        for (const name of names) {
          const holders = stayers.filter((t) => t.name === name);
          const first = Y.encodeStateAsUpdate(holders[0]!.client.doc);
          for (const t of holders.slice(1)) if (compareStates(first, Y.encodeStateAsUpdate(t.client.doc)) !== 'identical') return false;
        }
        return true;
      };
      await until(converged, 'every client of a document to hold the same document', 20_000);
      for (const t of [...stayers, ...leavers.filter((l) => l !== writer)]) {
        const holder = stayers.find((s) => s.name === t.name)!;
        const marks = new Set(holder.client.doc.getArray<string>('marks').toArray());
        const lost = t.made.slice(0, t.acked).filter((m) => !marks.has(m));
        expect(lost, `${t.who}'s acknowledged marks`).toEqual([]);
        // Those still connected lost nothing at all, acknowledged or not.
        if (stayers.includes(t)) expect(t.made.filter((m) => !marks.has(m))).toEqual([]);
      }

      /** PostgreSQL holds, for each document, what its clients hold. */
      const storedAsClientsHold = async () => {
        for (const name of names) {
          const stored = await storage.fetch(name);
          const holder = stayers.find((t) => t.name === name)!;
          if (!stored || compareStates(Y.encodeStateAsUpdate(holder.client.doc), stored) !== 'identical') return false;
        }
        return true;
      };
      await until(storedAsClientsHold, 'PostgreSQL to hold what the clients hold (B stores)', 30_000);

      // A again (same port); then SIGTERM B: it stops taking connections, stores what it holds, and its clients move to A.
      a = await instance(main, portA, '--postgres', db, '--redis', redis.url);
      const stoppedAt = Date.now();
      b.child.kill('SIGTERM');
      expect(await b.exit).toBe(0);
      const stopMs = Date.now() - stoppedAt;
      await until(() => stayers.every((t) => t.client.provider.isSynced && !t.client.provider.hasUnsyncedChanges), 'every client to be synced with A', 20_000);
      const movedBack = stayers.map((t) => (t.syncedAt.find((at) => at > stoppedAt) ?? NaN) - stoppedAt);
      expect(movedBack.every(Number.isFinite)).toBe(true);
      expect(stayers.filter((t) => t.front === 'B').every((t) => t.client.closes.some((c) => c.code === 1001 && c.reason === 'server-stopping'))).toBe(true);
      expect(b.stderr()).toContain('SIGTERM: stopping');
      expect(b.stderr()).not.toMatch(/ error /);
      expect(converged()).toBe(true);
      expect(await storedAsClientsHold()).toBe(true);

      // One more edit on each document, through A alone now; then A stops too, and PostgreSQL holds it all.
      for (const name of names) stayers.find((t) => t.name === name)!.type();
      await until(converged, 'the last edits at every client', 10_000);
      a.child.kill('SIGTERM');
      expect(await a.exit).toBe(0);
      expect(await storedAsClientsHold()).toBe(true);

      const summary = {
        clients: stayers.length + leavers.length,
        documents: names.length,
        marks: [...stayers, ...leavers].reduce((n, t) => n + t.made.length, 0),
        crossingMs: { n: crossingBeforeKill.length, p50: percentile(crossingBeforeKill, 50), p95: percentile(crossingBeforeKill, 95) },
        afterSigkillClientsBackMs: { n: failover.length, p50: percentile(failover, 50), max: Math.max(...failover) },
        sigtermExitMs: stopMs,
        afterSigtermClientsBackMs: { n: movedBack.length, p50: percentile(movedBack, 50), max: Math.max(...movedBack) },
      };
      console.log(`scale test: ${JSON.stringify(summary)}`);
      expect(crossingBeforeKill.length).toBeGreaterThan(100);
    },
  );

  it('account changes and an article getting its source language reach the connections of every instance', { timeout: 90_000 }, async () => {
    const { redis, postgres } = services();
    const main = await mainJs();
    const db = await postgres.createDatabase();
    const ed = token(run(main, 'user', 'add', 'ed', '--role', 'editor', '--postgres', db).stdout);
    const rita = token(run(main, 'user', 'add', 'rita', '--role', 'reporter', '--postgres', db).stdout);
    const a = await instance(main, 0, '--postgres', db, '--redis', redis.url);
    const b = await instance(main, 0, '--postgres', db, '--redis', redis.url);

    // A reporter's versions of a new article, on B: all writable while nobody knows its source language.
    const id = '5b0e7c36-8f7e-4a7e-b2c4-9a1d3e6f0a11';
    const en = client(b.url, versionDocName(id, 'en'), rita);
    const ckb = client(b.url, versionDocName(id, 'ckb'), rita);
    expect(await en.auth).toEqual({ scope: 'read-write' });
    expect(await ckb.auth).toEqual({ scope: 'read-write' });
    // The article document, on A, says: source English. B closes the Sorani connection; back, it is read-only.
    const ckbAgain = nextAuth(ckb.provider);
    const article = client(a.url, articleDocName(id), rita);
    expect(await article.auth).toEqual({ scope: 'read-write' });
    writeArticleFields(article.doc, { sourceLang: 'en', slug: 'flood', state: 'draft', createdAt: '2026-12-01T00:00:00.000Z' });
    await until(() => ckb.closes.length > 0, 'the Sorani connection on B to close', 10_000);
    expect(ckb.closes[0]).toEqual({ code: 4205, reason: 'access-changed' });
    expect(await ckbAgain).toEqual({ scope: 'readonly' });
    expect(en.closes).toEqual([]);

    // A token replaced by the account command: ed's connections close on both instances, and the old token is refused everywhere.
    const onA = client(a.url, 'library', ed);
    const onB = client(b.url, 'library', ed);
    expect(await onA.auth).toEqual({ scope: 'read-write' });
    expect(await onB.auth).toEqual({ scope: 'read-write' });
    const [againA, againB] = [nextAuth(onA.provider), nextAuth(onB.provider)];
    const fresh = token(run(main, 'user', 'token', 'ed', '--postgres', db).stdout);
    await until(() => onA.closes.length > 0 && onB.closes.length > 0, "ed's connections on both instances to close", 10_000);
    expect(onA.closes[0]).toEqual({ code: 4401, reason: 'token-revoked' });
    expect(onB.closes[0]).toEqual({ code: 4401, reason: 'token-revoked' });
    expect(await againA).toEqual({ refused: 'invalid-token' });
    expect(await againB).toEqual({ refused: 'invalid-token' });
    const me = await fetch(`${b.http}/api/me`, { headers: { Authorization: `Bearer ${fresh}` } });
    expect(await me.json()).toEqual({ name: 'ed', role: 'editor' });

    for (const i of [a, b]) {
      i.child.kill('SIGTERM');
      expect(await i.exit).toBe(0);
      expect(i.stderr()).not.toContain(fresh);
      expect(i.stderr()).not.toContain(ed);
    }
  });

  it('says in one line when Redis cannot be reached at start, and releases the database', { timeout: 60_000 }, async () => {
    const { postgres } = services();
    const main = await mainJs();
    const db = await postgres.createDatabase();
    const closed = await freePort();
    const started = Date.now();
    const result = run(main, '--postgres', db, '--redis', `redis://127.0.0.1:${closed}`, '--port', '0');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^qelem-server: cannot reach Redis at redis://127\\.0\\.0\\.1:${closed}: .*ECONNREFUSED.*\n$`));
    expect(Date.now() - started).toBeLessThan(15_000);
    // Its lock on the database went with it: a server without Redis may start there now.
    const alone = await instance(main, 0, '--postgres', db);
    alone.child.kill('SIGTERM');
    expect(await alone.exit).toBe(0);
  });

  it('is not ready while Redis is away or while stopping, and ready again when Redis is back', { timeout: 60_000 }, async () => {
    const { postgres } = services();
    const own = await startRedis();
    if (skipped(own)) throw new Error(own.skip);
    const db = await postgres.createDatabase();
    const log = memoryLogger();
    const server = await startServer({ postgres: db, redis: own.url, port: 0, log });
    cleanups.push(() => server.close());
    expect(await server.readiness()).toEqual({ ready: true, checks: { state: 'serving', storage: 'ok', accounts: 'ok', instanceLock: 'ok', redis: 'ok' } });

    await own.stop();
    await until(async () => !(await server.readiness()).ready, 'readiness to go false without Redis', 10_000);
    expect((await server.readiness()).checks.redis).toMatch(/not connected|not answering/);
    const http = server.url.replace(/^ws/, 'http');
    expect((await readyz(http)).status).toBe(503);
    expect(await (await fetch(`${http}/healthz`)).json()).toEqual({ status: 'ok' });

    // Redis back on the same port: ready again.
    const again = await startRedisOn(new URL(own.url).port);
    cleanups.push(() => again.stop());
    await until(async () => (await server.readiness()).ready, 'readiness to come back with Redis', 15_000);
    expect(log.lines.some((line) => line.startsWith('error Redis redis://127.0.0.1:'))).toBe(true);

    const closing = server.close();
    expect(await server.readiness()).toEqual({ ready: false, checks: { state: 'stopping' } });
    await closing;
  });
});

/** redis-server on a given port (the one a stopped Redis had). */
async function startRedisOn(port: string): Promise<{ stop: () => Promise<void> }> {
  const dir = tempDir('qelem-redis-again-');
  const child = spawn('redis-server', ['--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await until(
    () =>
      new Promise<boolean>((resolve) => {
        const socket = net.connect({ host: '127.0.0.1', port: Number(port) }, () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      }),
    'redis-server to listen again',
    10_000,
  );
  return {
    async stop() {
      child.kill('SIGTERM');
      await exit;
    },
  };
}
