// @vitest-environment node
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API, type ServiceTable } from '../../shared/api';
import { emptyBody } from '../../shared/article';
import type { ApiResult } from '../../shared/errors';
import { BACKUP_DIR, backupsSettled, parseBackupName } from '../../electron/services/backups';
import { createServiceTable, type ServiceTableOptions } from '../../electron/services/table';
import type { Library } from '../../electron/store/library';
import { tempLibrary, type TempLibrary } from './helpers/library';

let temp: TempLibrary;
let tmp: string;
let library: Library;
let clock: number;
const now = () => new Date(clock);

beforeEach(() => {
  temp = tempLibrary('qelem-backups-');
  ({ dir: tmp, library } = temp);
  clock = Date.UTC(2025, 6, 25, 9, 30, 0, 0);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await temp.dispose();
});

function value<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const content = (headline: string) => ({ headline, standfirst: '', dateline: '', body: emptyBody('ltr') });

/** Every row of every table but the search index's own, and the schema version: what a restore replaces. */
function dump(db: DatabaseSync): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const { name } of db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]) {
    out[name] = (db.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort();
  }
  out['(user_version)'] = [db.prepare('PRAGMA user_version').get()];
  return out;
}

const backupFiles = () => fs.readdirSync(path.join(tmp, BACKUP_DIR)).sort();

async function tableWith(options: ServiceTableOptions = {}): Promise<ServiceTable> {
  const table = createServiceTable(library, { now, searchCatchUpDelayMs: null, ...options });
  await backupsSettled(library);
  return table;
}

describe('automatic backups', () => {
  it('makes one when the service table starts: a whole, self-contained copy of the library as it was', async () => {
    const quiet = createServiceTable(library, { now, backups: false });
    const article = value(await quiet.createArticle({ sourceLang: 'ckb' }));
    value(await quiet.saveVersion({ id: article.id, lang: 'ckb', baseRevision: 1, content: content('سەردێڕی یەکەم') }));
    expect(fs.existsSync(path.join(tmp, BACKUP_DIR))).toBe(false);

    const table = await tableWith();
    const { items } = value(await table.listBackups({}));
    expect(items).toEqual([{ name: 'qelem-20250725-093000-000-start.db', kind: 'start', createdAt: '2025-07-25T09:30:00.000Z', bytes: expect.any(Number) }]);
    expect(API.listBackups.output.parse({ items })).toEqual({ items });
    expect(backupFiles()).toEqual(['qelem-20250725-093000-000-start.db']);
    const file = path.join(tmp, BACKUP_DIR, items[0]!.name);
    expect(items[0]!.bytes).toBe(fs.statSync(file).size);

    // One file, no -wal or -shm beside it: it opens read-only anywhere and holds the article.
    const copy = new DatabaseSync(file, { readOnly: true });
    try {
      expect(copy.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'delete' });
      expect(copy.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      expect(copy.prepare('SELECT headline, revision FROM versions').all()).toEqual([{ headline: 'سەردێڕی یەکەم', revision: 2 }]);
    } finally {
      copy.close();
    }
    expect(backupFiles()).toEqual(['qelem-20250725-093000-000-start.db']);
  });

  it('makes one start backup per open library, however many service tables use it', async () => {
    await tableWith();
    await tableWith();
    expect(backupFiles()).toHaveLength(1);
  });

  it('makes none when told not to, and still lists and restores', async () => {
    const table = await tableWith({ backups: false });
    expect(value(await table.listBackups({}))).toEqual({ items: [] });
    expect(fs.existsSync(path.join(tmp, BACKUP_DIR))).toBe(false);
  });

  it('backs up every few hours of use when something changed, keeping the newest N', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const table = await tableWith({ backups: { keep: 3, intervalMs: 1_000 } });
      const { id } = value(await table.createArticle({ sourceLang: 'en' }));
      let revision = 1;
      for (let i = 1; i <= 5; i++) {
        clock += 4 * 3600_000;
        revision = value(await table.saveVersion({ id, lang: 'en', baseRevision: revision, content: content(`edit ${i}`) })).revision;
        vi.advanceTimersByTime(1_000);
        await backupsSettled(library);
      }
      // Nothing changed since the last one: no new backup.
      clock += 4 * 3600_000;
      vi.advanceTimersByTime(1_000);
      await backupsSettled(library);

      const { items } = value(await table.listBackups({}));
      expect(items.map((b) => [b.kind, b.createdAt])).toEqual([
        ['periodic', '2025-07-26T05:30:00.000Z'],
        ['periodic', '2025-07-26T01:30:00.000Z'],
        ['periodic', '2025-07-25T21:30:00.000Z'],
      ]);
      expect(backupFiles()).toEqual(items.map((b) => b.name).reverse());
      // The newest holds the last edit.
      const copy = new DatabaseSync(path.join(tmp, BACKUP_DIR, items[0]!.name), { readOnly: true });
      expect(copy.prepare('SELECT headline FROM versions').get()).toEqual({ headline: 'edit 5' });
      copy.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('removes what a crash left of a backup at the next start, and never lists it', async () => {
    fs.mkdirSync(path.join(tmp, BACKUP_DIR));
    const leftover = path.join(tmp, BACKUP_DIR, '.qelem-20250725-080000-000-start.db.0a1b2c3d4e5f.tmp');
    const recent = path.join(tmp, BACKUP_DIR, '.qelem-20250725-092959-000-start.db.aabbccddeeff.tmp');
    fs.writeFileSync(leftover, 'half a backup');
    fs.writeFileSync(recent, 'another process, still writing');
    const hourAgo = new Date(Date.now() - 3600_000);
    fs.utimesSync(leftover, hourAgo, hourAgo);
    const table = await tableWith();
    expect(backupFiles()).toEqual(['.qelem-20250725-092959-000-start.db.aabbccddeeff.tmp', 'qelem-20250725-093000-000-start.db']);
    expect(value(await table.listBackups({})).items.map((b) => b.name)).toEqual(['qelem-20250725-093000-000-start.db']);
  });

  it('reports a failed automatic backup in the log and goes on', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // A file where the backups folder should be.
    fs.writeFileSync(path.join(tmp, BACKUP_DIR), 'not a folder');
    const table = await tableWith();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('start backup of the library failed'), expect.anything());
    expect(value(await table.createArticle({ sourceLang: 'en' }))).toMatchObject({ sourceLang: 'en' });
  });
});

describe('restoreBackup', () => {
  it('brings back the library as it was, after backing up the current state, which can be restored in turn', async () => {
    const quiet = createServiceTable(library, { now, backups: false, searchCatchUpDelayMs: null });
    const kept = value(await quiet.createArticle({ sourceLang: 'ckb' }));
    value(await quiet.saveVersion({ id: kept.id, lang: 'ckb', baseRevision: 1, content: content('ماوە') }));
    const table = await tableWith();
    const backupState = dump(library.db);
    const [start] = value(await table.listBackups({})).items;

    // Afterwards: the article deleted (trashed) and edited, another one written.
    clock += 60_000;
    value(await table.saveVersion({ id: kept.id, lang: 'ckb', baseRevision: 2, content: content('گۆڕاو') }));
    value(await table.trashArticle({ id: kept.id }));
    const later = value(await table.createArticle({ sourceLang: 'en' }));
    const laterState = dump(library.db);

    clock += 60_000;
    const report = value(await table.restoreBackup({ name: start!.name }));
    expect(API.restoreBackup.output.parse(report)).toEqual(report);
    expect(report).toEqual({
      restored: start,
      safetyBackup: { name: 'qelem-20250725-093200-000-before-restore.db', kind: 'before-restore', createdAt: '2025-07-25T09:32:00.000Z', bytes: expect.any(Number) },
      articles: 1,
    });
    expect(dump(library.db)).toEqual(backupState);
    // The app's own connection and services see it at once.
    expect(value(await table.getArticle({ id: kept.id }))).toMatchObject({ trashedAt: null, versions: { ckb: { headline: 'ماوە', revision: 2 } } });
    expect(await table.getArticle({ id: later.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(value(await table.listArticles({})).items.map((a) => a.id)).toEqual([kept.id]);
    expect(value(await table.searchArticles({ query: 'ماوە' })).items.map((a) => a.id)).toEqual([kept.id]);
    // Saving goes on from the restored revision.
    expect(value(await table.saveVersion({ id: kept.id, lang: 'ckb', baseRevision: 2, content: content('دوای گەڕاندنەوە') })).revision).toBe(3);
    expect(library.db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });

    // The restore itself can be undone from its safety backup.
    clock += 60_000;
    value(await table.restoreBackup({ name: report.safetyBackup.name }));
    expect(dump(library.db)).toEqual(laterState);
    expect(value(await table.listBackups({})).items.map((b) => b.kind)).toEqual(['before-restore', 'before-restore', 'start']);
  });

  it('refuses a damaged backup and changes nothing', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const table = await tableWith();
    const { id } = value(await table.createArticle({ sourceLang: 'en' }));
    value(await table.saveVersion({ id, lang: 'en', baseRevision: 1, content: content('x'.repeat(400)) }));
    for (let i = 0; i < 3; i++) {
      clock += 1;
      value(await table.createArticle({ sourceLang: 'kmr' }));
    }
    const [start] = value(await table.listBackups({})).items;
    const file = path.join(tmp, BACKUP_DIR, start!.name);
    const good = fs.readFileSync(file);
    const damages: [string, Buffer][] = [
      // A page in the middle overwritten.
      ['a page of garbage', Buffer.concat([good.subarray(0, 4096 * 3), Buffer.alloc(4096, 0x5a), good.subarray(4096 * 4)])],
      ['cut short', good.subarray(0, Math.floor(good.length / 2))],
      ['not a database', Buffer.from('Sulaimani, 25 July: a note, not a backup.\n'.repeat(200))],
      ['empty', Buffer.alloc(0)],
    ];
    const before = dump(library.db);
    const files = backupFiles();
    for (const [label, bytes] of damages) {
      fs.writeFileSync(file, bytes);
      const result = await table.restoreBackup({ name: start!.name });
      expect(result, label).toMatchObject({ ok: false, error: { code: 'storage', message: expect.stringContaining('Nothing was changed') } });
      expect(dump(library.db), label).toEqual(before);
      expect(backupFiles(), label).toEqual(files);
    }
    expect(error).not.toHaveBeenCalled();
  });

  it('accepts only the names of backups listBackups gives', async () => {
    const table = await tableWith();
    const [start] = value(await table.listBackups({})).items;
    fs.writeFileSync(path.join(tmp, 'qelem-20250725-093000-000-start.db'), 'a file beside the library');
    const before = dump(library.db);
    const invalid = [
      '',
      'qelem.db',
      '../qelem.db',
      `../${BACKUP_DIR}/${start!.name}`,
      `${BACKUP_DIR}/${start!.name}`,
      `${start!.name}/`,
      `${start!.name}-wal`,
      ` ${start!.name}`,
      start!.name.toUpperCase(),
      start!.name.replace('start', 'manual'),
      start!.name.replace('.db', '.sqlite'),
      'qelem-20250725-093000-000-start.db\u0000.txt',
      `.${start!.name}.0a1b2c3d4e5f.tmp`,
      'qelem-2025725-093000-000-start.db',
      'x'.repeat(65),
    ];
    for (const name of invalid) {
      expect(await table.restoreBackup({ name }), JSON.stringify(name)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    for (const payload of [{}, { name: 5 }, { name: null }, { name: [start!.name] }, { name: start!.name, force: true }]) {
      expect(await table.restoreBackup(payload as { name: string }), JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    // Well-formed, but no such backup (or an impossible date): not found, whatever lies elsewhere.
    for (const name of ['qelem-20250725-093000-001-start.db', 'qelem-20250230-120000-000-periodic.db']) {
      expect(await table.restoreBackup({ name }), name).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    expect(dump(library.db)).toEqual(before);
    expect(backupFiles()).toEqual([start!.name]);
  });

  it('reads what a name says and nothing else', () => {
    expect(parseBackupName('qelem-20250725-093000-123-before-restore.db')).toEqual({ kind: 'before-restore', createdAt: '2025-07-25T09:30:00.123Z' });
    expect(parseBackupName('qelem-20250230-093000-123-start.db')).toBeNull();
    expect(parseBackupName('qelem-20250725-250000-000-start.db')).toBeNull();
    expect(parseBackupName('qelem.db')).toBeNull();
  });
});
