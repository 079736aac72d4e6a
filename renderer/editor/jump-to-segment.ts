import type { VersionContent } from '../../shared/article';
import type { LanguageKey } from '../../shared/languages';
import { blockSegmentId } from '../../shared/translation/segments-of';

/** The element of each text field of a version panel. */
const FIELD_SELECTORS: Readonly<Record<string, string>> = {
  headline: 'textarea.headline',
  standfirst: 'textarea.standfirst',
  dateline: 'input.dateline',
  byline: 'input.byline',
  leadImageCaption: '.lead-image-caption',
  leadImageAlt: '.lead-image-alt',
  // Article-wide, above the language panels.
  leadImageCredit: '.lead-image-credit',
};

/** The input or textarea of a version's text field (or of the article-wide credit); null if it is not there. */
export function fieldElement(lang: LanguageKey, segment: string): HTMLInputElement | HTMLTextAreaElement | null {
  const selector = FIELD_SELECTORS[segment];
  const panel = document.getElementById(`panel-${lang}`);
  if (!selector || !panel) return null;
  const found = (segment === 'leadImageCredit' ? document : panel).querySelector<HTMLElement>(selector);
  // The image fields' class is on their wrapper.
  const element = found && !(found instanceof HTMLInputElement || found instanceof HTMLTextAreaElement) ? found.querySelector<HTMLElement>('input, textarea') : found;
  return element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement ? element : null;
}

/**
 * Brings a segment of a version panel into view and puts the caret in it: a
 * field by its name, a body block by its segment id (found by its position in
 * the saved body, which is the position of its element in the editor). The
 * block is marked for a moment so the eye finds it. Returns false when the
 * segment is not there (any more).
 */
export function jumpToSegment(lang: LanguageKey, segment: string, content: Pick<VersionContent, 'body'>): boolean {
  const panel = document.getElementById(`panel-${lang}`);
  if (!panel) return false;
  const field = FIELD_SELECTORS[segment];
  let target: HTMLElement | null = null;
  if (field) {
    target = (segment === 'leadImageCredit' ? document : panel).querySelector<HTMLElement>(field);
    target?.focus();
  } else {
    const index = content.body.root.children.findIndex((node) => blockSegmentId(node) === segment);
    const editor = panel.querySelector<HTMLElement>('.body-editor');
    target = index >= 0 && editor ? (editor.children[index] as HTMLElement | undefined) ?? null : null;
    if (editor && target) {
      editor.focus();
      window.getSelection()?.collapse(target, 0);
    }
  }
  if (!target) return false;
  target.scrollIntoView({ block: 'center' });
  target.classList.add('jump-target');
  setTimeout(() => target.classList.remove('jump-target'), 2_000);
  return true;
}
