// @vitest-environment node
/**
 * The packaging check: electron-builder's unpacked `dir` target, built from
 * electron-builder.yml through its JavaScript API with no download. Electron's
 * own zip cannot be fetched here, so `electronDist` points at a stand-in
 * distribution (a script carrying a fuse wire where the Electron binary would
 * be). electron-builder copies it, packs app.asar from our `files`, and flips
 * the fuses in the stand-in exactly as it would in Electron. Then app.asar is
 * read back: it must hold the built app, package.json and the production
 * dependencies, nothing else, under the stated size.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as asar from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { Arch, build, Platform } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const projectDir = path.resolve(__dirname, '../..');
/** app.asar today: about 6.5 MiB (the renderer 3.2 MiB with its fonts, zod 2.2 MiB). Past this, something that is not the app got in. */
const ASAR_LIMIT_BYTES = 10 * 1024 * 1024;
const ELECTRON_VERSION = readJson(path.join(projectDir, 'node_modules/electron/package.json')).version as string;

/** @electron/fuses finds the wire after this marker (its constants.SENTINEL, not exported). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_ON = 0x31;
const FUSE_OFF = 0x30;
/** Electron's own defaults, in wire order (RunAsNode … GrantFileProtocolExtraPrivileges): what a fresh binary carries. */
const ELECTRON_DEFAULT_WIRE = [FUSE_ON, FUSE_OFF, FUSE_ON, FUSE_ON, FUSE_OFF, FUSE_OFF, FUSE_OFF, FUSE_ON];

/** Issue 7: the fuses the packaged executable must have. */
const EXPECTED_FUSES: [FuseV1Options, number][] = [
  [FuseV1Options.RunAsNode, FUSE_OFF],
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable, FUSE_OFF],
  [FuseV1Options.EnableNodeCliInspectArguments, FUSE_OFF],
  [FuseV1Options.OnlyLoadAppFromAsar, FUSE_ON],
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation, FUSE_ON],
  [FuseV1Options.EnableCookieEncryption, FUSE_ON],
  [FuseV1Options.GrantFileProtocolExtraPrivileges, FUSE_OFF],
];

let tmp: string;
let appOutDir: string;
let asarPath: string;
let files: Map<string, number>; // path inside app.asar (posix, no leading slash) -> bytes

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** Every file under dir, as paths relative to projectDir with forward slashes. */
function walk(dir: string): string[] {
  return fs.readdirSync(path.join(projectDir, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    return entry.isDirectory() ? walk(rel) : [rel];
  });
}

/** The production dependencies and theirs, by name, as npm installed them at the top of node_modules. */
function productionDependencies(): Set<string> {
  const found = new Set<string>();
  const pending = Object.keys((readJson(path.join(projectDir, 'package.json')).dependencies ?? {}) as Record<string, string>);
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (found.has(name)) continue;
    found.add(name);
    const manifest = readJson(path.join(projectDir, 'node_modules', name, 'package.json'));
    pending.push(...Object.keys((manifest.dependencies ?? {}) as Record<string, string>));
  }
  return found;
}

/**
 * A stand-in for Electron's Linux zip, unpacked: the executable (a script that
 * refuses to run, with the fuse sentinel and wire Electron carries), `version`,
 * the licence files and an empty `resources/`.
 */
function makeStandInElectron(dir: string): void {
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  const script = Buffer.from('#!/bin/sh\necho "Stand-in for the Electron binary (packaging test): it does not run." >&2\nexit 1\n# ', 'latin1');
  const wire = Buffer.from([...Buffer.from(FUSE_SENTINEL, 'latin1'), 1, ELECTRON_DEFAULT_WIRE.length, ...ELECTRON_DEFAULT_WIRE, 0x0a]);
  fs.writeFileSync(path.join(dir, 'electron'), Buffer.concat([script, wire]), { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'version'), ELECTRON_VERSION);
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'Stand-in for Electron’s MIT licence.\n');
  fs.writeFileSync(path.join(dir, 'LICENSES.chromium.html'), '<!doctype html><title>Stand-in</title>\n');
}

/** The unit tests may run before `npm run build` (a single test file, a fresh clone): build once if there is nothing to pack. */
function ensureBuilt(): void {
  const entries = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
  if (entries.every((file) => fs.existsSync(path.join(projectDir, file)))) return;
  const cli = path.join(projectDir, 'node_modules/electron-vite/bin/electron-vite.js');
  const result = spawnSync(process.execPath, [cli, 'build'], { cwd: projectDir, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('electron-vite build failed');
}

beforeAll(async () => {
  ensureBuilt();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qelem-packaging-'));
  const electronDist = path.join(tmp, 'electron-dist');
  makeStandInElectron(electronDist);

  await build({
    projectDir,
    // Linux whatever the host: the stand-in is a Linux layout, and the dir target needs no host tool.
    targets: Platform.LINUX.createTarget('dir', Arch.x64),
    // Merged over electron-builder.yml: only where Electron comes from and where the output goes change.
    config: { electronDist, directories: { output: path.join(tmp, 'dist') } },
    publish: 'never',
  });

  appOutDir = path.join(tmp, 'dist', 'linux-unpacked');
  asarPath = path.join(appOutDir, 'resources', 'app.asar');
  files = new Map();
  for (const entry of asar.listPackage(asarPath, { isPack: false })) {
    const name = entry.replaceAll('\\', '/').replace(/^\//, '');
    const stat = asar.statFile(asarPath, name);
    if ('size' in stat && typeof stat.size === 'number') files.set(name, stat.size);
  }

  const ours = [...files].filter(([name]) => !name.startsWith('node_modules/'));
  const modules = new Map<string, { count: number; bytes: number }>();
  for (const [name, size] of files) {
    const match = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(name);
    if (!match?.[1]) continue;
    const sum = modules.get(match[1]) ?? { count: 0, bytes: 0 };
    modules.set(match[1], { count: sum.count + 1, bytes: sum.bytes + size });
  }
  const asarBytes = fs.statSync(asarPath).size;
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1).padStart(8)} KiB`;
  const listing = [
    `app.asar: ${(asarBytes / (1024 * 1024)).toFixed(2)} MiB (${asarBytes} bytes, limit ${ASAR_LIMIT_BYTES / (1024 * 1024)} MiB), ${files.size} files`,
    ...ours.map(([name, size]) => `${kib(size)}  ${name}`),
    ...[...modules].map(([name, sum]) => `${kib(sum.bytes)}  node_modules/${name}/ (${sum.count} files)`),
  ];
  console.log(listing.join('\n'));
  // The whole listing, node_modules file by file, beside the build (Playwright empties test-results/ when it starts).
  const report = path.join(projectDir, 'out', 'packaging');
  fs.mkdirSync(report, { recursive: true });
  fs.writeFileSync(path.join(report, 'app-asar-listing.txt'), [...files].map(([name, size]) => `${size}\t${name}`).join('\n') + '\n');
  console.log(`Full listing: ${path.relative(projectDir, path.join(report, 'app-asar-listing.txt'))}`);
}, 300_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('packaged app (electron-builder dir target, stand-in Electron)', () => {
  it('holds exactly the built main, preload and renderer and package.json, besides node_modules', () => {
    const expected = [
      ...walk('out/main').filter((file) => file !== 'out/main/web.js'), // browser mode's server, for plain Node only
      ...walk('out/preload'),
      ...walk('out/renderer'),
      'package.json',
    ].sort();
    const ours = [...files.keys()].filter((name) => !name.startsWith('node_modules/')).sort();
    expect(ours).toEqual(expected);
  });

  it('holds the production dependencies and nothing else in node_modules', () => {
    const packed = new Set([...files.keys()].flatMap((name) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(name)?.[1] ?? []));
    expect([...packed].sort()).toEqual([...productionDependencies()].sort());
    const devDependencies = Object.keys((readJson(path.join(projectDir, 'package.json')).devDependencies ?? {}) as Record<string, string>);
    expect(devDependencies.filter((name) => packed.has(name))).toEqual([]);
  });

  it('has no sources, tests, maps or docs', () => {
    const unwanted = [...files.keys()].filter(
      (name) =>
        /\.(ts|tsx|cts|mts|map)$/.test(name) ||
        /\.md$/i.test(name) ||
        /^(electron|renderer|shared|tests|build|docs|out\/bench)\//.test(name) ||
        /(^|\/)(test|tests|__tests__)\//.test(name),
    );
    expect(unwanted).toEqual([]);
  });

  it('carries a package.json without scripts or dev dependencies, whose main is packed', () => {
    const manifest = JSON.parse(asar.extractFile(asarPath, 'package.json').toString('utf8')) as Record<string, unknown>;
    expect(manifest.scripts).toBeUndefined();
    expect(manifest.devDependencies).toBeUndefined();
    expect(manifest.productName).toBe('Qelem');
    expect(files.has(manifest.main as string)).toBe(true);
  });

  it(`stays under ${ASAR_LIMIT_BYTES / (1024 * 1024)} MiB`, () => {
    expect(fs.statSync(asarPath).size).toBeLessThan(ASAR_LIMIT_BYTES);
  });

  it('has the fuses of the security checklist flipped in the executable', async () => {
    const executable = path.join(appOutDir, 'qelem');
    expect(fs.existsSync(executable)).toBe(true);
    const wire = await getCurrentFuseWire(executable);
    const actual = EXPECTED_FUSES.map(([fuse]) => [FuseV1Options[fuse], wire[fuse]]);
    expect(actual).toEqual(EXPECTED_FUSES.map(([fuse, state]) => [FuseV1Options[fuse], state]));
  });

  it('runs the app from app.asar only: no loose app folder beside it', () => {
    expect(fs.readdirSync(path.join(appOutDir, 'resources'))).toEqual(['app.asar']);
  });
});
