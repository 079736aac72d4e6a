import * as Y from 'yjs';
import { versionDocName } from '../../shared/collab/doc-names';
import { createServices } from '../../electron/services/table';
import { createDocumentStore } from '../../electron/store/documents';
import { openLibrary } from '../../electron/store/library';

/**
 * One main process's memory, for the bench's memory case (document-cases.ts):
 * `node --expose-gc memory-child.js <library> <mode> <big article> <small article>`.
 * Opens the library and its services as the app does, opens documents
 * through a window's session (which loads them, their headless editors
 * included, and derives what is pending), then prints its memory after
 * garbage collection as one JSON line. Modes:
 * - loaded: the big article's three 10,000-word versions;
 * - small: the small article's one-paragraph version (the same steps, the same code run);
 * - ydocs: the big article's three states applied to plain Y.Docs, nothing else;
 * - none: no document (ydocs's baseline).
 */
const [dir, mode, big, small] = process.argv.slice(2) as [string, 'loaded' | 'small' | 'ydocs' | 'none', string, string];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const library = openLibrary(dir);
const { table, documents } = createServices(library, { backups: false, deriveAfterMs: null });
const kept: Y.Doc[] = [];
if (mode === 'ydocs') {
  const store = createDocumentStore(library.db);
  for (const lang of ['ckb', 'en', 'kmr'] as const) {
    const stored = store.load(versionDocName(big, lang));
    if (!stored) throw new Error(`no ${lang} document`);
    const doc = new Y.Doc({ gc: true });
    Y.applyUpdate(doc, Y.mergeUpdates(stored.updates));
    kept.push(doc);
  }
} else if (mode !== 'none') {
  const session = documents.connect(() => undefined);
  const names = mode === 'loaded' ? (['ckb', 'en', 'kmr'] as const).map((lang) => versionDocName(big, lang)) : [versionDocName(small, 'ckb')];
  for (const name of names) {
    const opened = await table.openDocument({ session, name, stateVector: 'AA==' });
    if (!opened.ok || !opened.value.exists) throw new Error(`openDocument ${name} failed`);
  }
  documents.flush();
}
for (let i = 0; i < 4; i++) {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const memory = process.memoryUsage();
const mb = (bytes: number) => bytes / 2 ** 20;
console.log(JSON.stringify({ rssMb: mb(memory.rss), heapUsedMb: mb(memory.heapUsed), externalMb: mb(memory.external), documents: kept.length }));
documents.dispose();
library.close();
process.exit(0);
