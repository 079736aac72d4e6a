import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { skipped, startPostgres, startRedis, type PostgresService, type RedisService } from '../unit/server-services';
import { addUser, buildBenchServer, childrenOf, f, gitCommit, pssKb, runLoad, runOnSqlite, Sampler, startInstance, statusKb, stopInstances, type Load, type RunResult } from './server-kit';
import { ratio, textTable } from './stats';

/**
 * npm run bench -- --scale (issue 17): simulated desktops typing into shared
 * articles, over the built newsroom server (out/server/main.js, built here
 * into out/bench/server): the same load on
 *
 * - the baseline: one instance on SQLite (a data folder), and
 * - two instances over Redis, documents and accounts in PostgreSQL,
 *
 * one after the other in the same run, on this machine's loopback: Redis
 * and PostgreSQL are started here in temporary folders (PostgreSQL with
 * fsync on, as in production) and stopped afterwards.
 *
 * Full: 500 clients on 200 articles (one version document each; two or three
 * clients per article, spread over the instances so that every article has
 * clients on both), each typing 5 keys a second for 2 minutes. `--quick`:
 * 100 clients on 40 articles for 20 seconds.
 *
 * Propagation: from a keystroke on one client to its arrival at another
 * client of the same article (every pair, each keystroke), measured in this
 * process (one clock). CPU (utime + stime) and memory (VmRSS; PostgreSQL:
 * the sum of its processes' PSS) per process, sampled every second from
 * /proc. Errors: disconnects, refusals, error lines in the servers' logs,
 * keystrokes that never arrived, articles whose clients differ at the end.
 * Everything to bench-results/<timestamp>-scale.json.
 */

async function scaleRun(main: string, load: Load, redis: RedisService, postgres: PostgresService, log: (line: string) => void): Promise<RunResult> {
  const db = await postgres.createDatabase('bench');
  const token = addUser(main, ['--postgres', db]);
  const instances = [await startInstance(main, ['--postgres', db, '--redis', redis.url]), await startInstance(main, ['--postgres', db, '--redis', redis.url])];
  const sampler = new Sampler([
    ...instances.map((instance, i) => ({ name: `instance ${i + 1} (PostgreSQL + Redis)`, pids: () => [instance.child.pid!], memory: (p: number) => statusKb(p, 'VmRSS') })),
    { name: 'redis-server', pids: () => [redis.pid], memory: (p: number) => statusKb(p, 'VmRSS') },
    { name: 'PostgreSQL (all its processes; memory: PSS)', pids: () => [postgres.pid, ...childrenOf(postgres.pid)], memory: pssKb },
    { name: 'load generator (this process)', pids: () => [process.pid], memory: (p: number) => statusKb(p, 'VmRSS') },
  ]);
  const result = await runLoad('two instances', instances.map((i) => i.url), token, load, sampler, log);
  const processes = sampler.stop();
  result.errors.serverErrorLines = instances.reduce((n, i) => n + i.errorLines.length, 0);
  for (const i of instances) result.errors.examples.push(...i.errorLines.slice(0, 5));
  const stopped = await stopInstances(instances);
  return { setup: 'two instances, PostgreSQL + Redis', instances: 2, ...result, processes, ...stopped };
}

function printTable(runs: RunResult[]): string[] {
  const lines = [
    ...textTable(
      ['setup', 'propagation p50 / p95 ms', 'across instances p50 / p95', 'keystrokes', 'errors', 'connect p95 ms', 'stop ms'],
      runs.map((r) => [
        r.setup,
        `${f(r.propagation.median)} / ${f(r.propagation.p95)}`,
        r.propagationCross ? `${f(r.propagationCross.median)} / ${f(r.propagationCross.p95)}` : '',
        `${r.keystrokes} (${r.deliveries} arrivals)`,
        String(r.errors.disconnects + r.errors.refusals + r.errors.serverErrorLines + r.errors.missingDeliveries + r.errors.articlesDiffering),
        f(r.connectMs.p95),
        r.stopMs.map((ms) => f(ms, 0)).join(', '),
      ]),
    ),
    '',
    ...textTable(
      ['setup', 'process', 'CPU % of a core (mean / max 1 s)', 'memory MB (mean / max)'],
      runs.flatMap((r) => r.processes.map((p) => [r.setup, p.name, `${f(p.cpuPercent)} / ${f(p.cpuPercentMax)}`, `${f(p.rssMbMean)} / ${f(p.rssMbMax)}`])),
    ),
    '',
  ];
  for (const line of lines) console.log(line);
  return lines;
}

export async function runScaleBench({ repoRoot, argv }: { repoRoot: string; argv: string[] }): Promise<number> {
  const quick = argv.includes('--quick');
  const load: Load = quick
    ? { clients: 100, articles: 40, keysPerSecond: 5, warmupMs: 3_000, typingMs: 20_000 }
    : { clients: 500, articles: 200, keysPerSecond: 5, warmupMs: 5_000, typingMs: 120_000 };
  const started = performance.now();
  const log = (line: string) => console.log(`${line} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  const loadBefore = loadavg().map((n) => Math.round(n * 100) / 100);

  const main = await buildBenchServer(repoRoot);
  log(`scale bench: server built; ${load.clients} clients, ${load.articles} articles, ${load.keysPerSecond} keys/s each, ${load.typingMs / 1000} s (after ${load.warmupMs / 1000} s warm-up)`);

  const [redis, postgres] = await Promise.all([startRedis(), startPostgres({ durable: true })]);
  if (skipped(redis) || skipped(postgres)) {
    console.error(`scale bench: cannot run: ${skipped(redis) ? redis.skip : ''}${skipped(postgres) ? postgres.skip : ''}`);
    if (!skipped(redis)) await redis.stop();
    if (!skipped(postgres)) await postgres.stop();
    return 1;
  }
  const runs: RunResult[] = [];
  try {
    runs.push(await runOnSqlite(main, load, log));
    log('baseline done');
    runs.push(await scaleRun(main, load, redis, postgres, log));
    log('two instances done');
  } finally {
    await redis.stop();
    await postgres.stop();
  }

  const [base, scale] = runs as [RunResult, RunResult];
  const cpuOf = (r: RunResult) => r.processes.filter((p) => p.name.startsWith('instance')).reduce((n, p) => n + p.cpuPercent, 0);
  const rssOf = (r: RunResult) => r.processes.filter((p) => p.name.startsWith('instance')).reduce((n, p) => n + p.rssMbMax, 0);
  const ratios = {
    propagationMedian: ratio(scale.propagation.median, base.propagation.median),
    propagationP95: ratio(scale.propagation.p95, base.propagation.p95),
    instancesCpu: ratio(cpuOf(scale), cpuOf(base)),
    instancesCpuWithRedisAndPostgres: ratio(cpuOf(scale) + scale.processes.filter((p) => !p.name.startsWith('instance') && !p.name.startsWith('load')).reduce((n, p) => n + p.cpuPercent, 0), cpuOf(base)),
    instancesMemory: ratio(rssOf(scale), rssOf(base)),
  };
  console.log('');
  const lines = printTable(runs);
  const ratioLines = [
    `ratios, two instances / baseline (same load, same run): propagation p50 ${ratios.propagationMedian.toFixed(2)}, p95 ${ratios.propagationP95.toFixed(2)}; ` +
      `instance CPU (both together) ${ratios.instancesCpu.toFixed(2)} (with Redis and PostgreSQL ${ratios.instancesCpuWithRedisAndPostgres.toFixed(2)}); instance memory (both together, max) ${ratios.instancesMemory.toFixed(2)}`,
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB; load average before ${loadBefore.join(' ')}, after ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}; everything on this one machine (servers, Redis, PostgreSQL, the ${load.clients} clients)`,
  ];
  for (const line of ratioLines) console.log(line);
  for (const r of runs) if (r.errors.examples.length > 0) console.log(`${r.setup}: first errors: ${r.errors.examples.slice(0, 10).join(' | ')}`);

  const outDir = path.join(repoRoot, 'bench-results');
  if (!existsSync(outDir)) mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(outDir, `${stamp}-scale${quick ? '-quick' : ''}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        kind: 'scale',
        quick,
        load,
        machine: { cores: cpus().length, model: cpus()[0]?.model, memoryGiB: totalmem() / 2 ** 30, loadBefore, loadAfter: loadavg() },
        commit: gitCommit(repoRoot),
        runs,
        ratios,
        table: [...lines, ...ratioLines],
      },
      null,
      2,
    ),
  );
  console.log(`\nwritten to ${path.relative(repoRoot, file)}`);
  const failed = runs.some((r) => r.errors.missingDeliveries > 0 || r.errors.articlesDiffering > 0 || r.stopCodes.some((c) => c !== 0));
  return failed ? 1 : 0;
}
