import type { Body, SerializedNode } from '../../shared/article';
import type { LanguageKey } from '../../shared/languages';
import { blockToPlainText } from '../../shared/render/plain-text';
import { ensureSegmentIds } from '../../shared/translation/ensure-ids';
import { hashSegmentText } from '../../shared/translation/hash';
import { blockSegmentId } from '../../shared/translation/segments-of';
import { launchBrowser } from './browser-cases';
import { generateVersion, type Corpus, type VersionInput } from './corpus';
import { signIn } from '../browser-mode';
import { startAppHost } from './hosts';
import { removeDir, tempDir } from './service-cases';

/**
 * Case: opening the translation workspace of a 2,000-word article with three
 * versions (English source, Sorani and Badini translations linked to it block
 * by block, done), against opening the same article's English version in the
 * article editor, in the same page and run.
 */
export interface WorkspaceResults {
  workspace: number[];
  article: number[];
  rows: number;
}

/** Links every block of `target` to the source block at the same position, marked done. */
function linkedTranslation(source: Body, target: VersionInput, from: LanguageKey): VersionInput {
  const { body } = ensureSegmentIds(target.body);
  const children = body.root.children.map((node, index): SerializedNode => {
    const sourceNode = source.root.children[index];
    const sourceId = sourceNode ? blockSegmentId(sourceNode) : null;
    if (!sourceNode || !sourceId) return node;
    const sourceText = blockToPlainText(sourceNode);
    const link = { from, source: sourceId, status: 'done', sourceHash: hashSegmentText(sourceText), sourceText };
    return { ...node, $: { ...(node.$ as object), link } };
  });
  return { ...target, body: { ...body, root: { ...body.root, children } } };
}

export async function runWorkspaceCase(repoRoot: string, corpus: Corpus, seed: number, opens: number, log: (line: string) => void): Promise<WorkspaceResults> {
  const libraryDir = tempDir('qelem-bench-workspace-');
  const host = await startAppHost(repoRoot, libraryDir);
  const browser = await launchBrowser();
  try {
    const en = generateVersion(corpus, 'en', 2_000, seed);
    en.body = ensureSegmentIds(en.body).body;
    const article = await host.api('createArticle', { sourceLang: 'en' });
    await host.api('saveVersion', { id: article.id, lang: 'en', baseRevision: 1, content: en });
    for (const lang of ['ckb', 'kmr'] as const) {
      const content = linkedTranslation(en.body, generateVersion(corpus, lang, 2_000, seed + (lang === 'ckb' ? 1 : 2)), 'en');
      await host.api('saveVersion', { id: article.id, lang, baseRevision: 0, content });
    }
    const rows = en.body.root.children.length + 1; // the blocks and the headline
    log(`bench: workspace article: 2,000 words in three versions, ${rows} rows`);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, host.url);
    await page.getByRole('button', { name: 'New article' }).waitFor();

    const open = (hash: string, ready: string) =>
      page.evaluate(
        async ({ hash, ready }) => {
          const started = performance.now();
          window.location.hash = hash;
          const done = await new Promise<boolean>((resolve) => {
            const giveUp = setTimeout(() => resolve(false), 30_000);
            const check = () => {
              if (document.querySelector(ready)) {
                requestAnimationFrame(() =>
                  setTimeout(() => {
                    clearTimeout(giveUp);
                    resolve(true);
                  }, 0),
                );
              } else requestAnimationFrame(check);
            };
            check();
          });
          const total = done ? performance.now() - started : NaN;
          window.location.hash = '#/';
          await new Promise((resolve) => setTimeout(resolve, 300));
          return total;
        },
        { hash, ready },
      );

    // Ready: every row drawn and the open row's editor (or field) able to take text.
    const lastRowAndEditor = `tbody:has(> tr.segment-row:nth-child(${rows})) tr.segment-row.active :is([contenteditable="true"], textarea)`;
    const articleReady = '.version:not([hidden]) .body-editor[contenteditable="true"]';
    const workspace: number[] = [];
    const articleOpens: number[] = [];
    // The first of each warms the code up; then they alternate so both meet the same machine load.
    await open(`#/article/${article.id}/translate/ckb`, lastRowAndEditor);
    await open(`#/article/${article.id}/en`, articleReady);
    for (let i = 0; i < opens; i++) {
      workspace.push(await open(`#/article/${article.id}/translate/${i % 2 === 0 ? 'ckb' : 'kmr'}`, lastRowAndEditor));
      articleOpens.push(await open(`#/article/${article.id}/en`, articleReady));
    }
    await context.close();
    return { workspace, article: articleOpens, rows };
  } finally {
    await browser.close();
    await host.stop();
    removeDir(libraryDir);
  }
}
