import { HISTORY_PUSH_TAG, type LexicalEditor } from 'lexical';
import type { Body } from '../../shared/article';
import { $applyTextFix } from '../../shared/editor/text-fix';
import type { Finding, TextFix } from '../../shared/qa/findings';
import { FIELD_SEGMENTS } from '../../shared/translation/segment';
import { blockSegmentId } from '../../shared/translation/segments-of';
import { newUndoStep } from './fields/shared-text';
import { fieldElement } from './jump-to-segment';

/**
 * One-click fixes of the export checks, applied where the user would make
 * them: in a version's text field as typed text, or in its body editor as an
 * editor update. Either way an ordinary edit of the version's document: sent
 * to the library at once, and undone, as a step of its own, by the field's or
 * the editor's own undo.
 */

const TEXT_FIELDS: readonly string[] = FIELD_SEGMENTS;

/** Whether a finding's fix can be applied: it has one, in a text field or a text block of the body (not an image). */
export function canApplyFix(finding: Finding, body: Body | undefined): boolean {
  const { fix, segment, lang } = finding;
  if (!fix || segment === null || lang === null) return false;
  if (TEXT_FIELDS.includes(segment)) return true;
  if (!body) return false;
  const children = body.root.children;
  const node = segment.startsWith('#') ? children[Number(segment.slice(1))] : children.find((child) => blockSegmentId(child) === segment);
  return node !== undefined && node.type !== 'image';
}

/**
 * Applies a finding's fix in the version panel of its language (which must be
 * showing, for a field to take the caret). False when the text there is no
 * longer what the check read: nothing is changed then.
 */
export function applyFix(finding: Finding, body: LexicalEditor | undefined): boolean {
  const { fix, segment, lang } = finding;
  if (!fix || segment === null || lang === null) return false;
  if (TEXT_FIELDS.includes(segment)) {
    const element = fieldElement(lang, segment);
    return element !== null && applyFieldFix(element, fix);
  }
  if (!body) return false;
  let applied = false;
  // Its own undo step, even right after typing.
  body.update(() => void (applied = $applyTextFix(segment, fix)), { discrete: true, tag: HISTORY_PUSH_TAG });
  return applied;
}

/**
 * The fix typed into a text field: its range selected, the new text inserted
 * as the browser inserts typed text, so the field hears an input event and
 * writes it to the document like typing (SharedField). Its undo step is its
 * own: Ctrl+Z in the field takes back the fix, and only the fix.
 */
export function applyFieldFix(element: HTMLInputElement | HTMLTextAreaElement, fix: TextFix): boolean {
  const { start, end } = fix.range;
  if (element.value.slice(start, end) !== fix.from) return false;
  element.focus();
  element.setSelectionRange(start, end);
  newUndoStep(element);
  // Deprecated, and still the one way to edit a field the way typing does (an input event of inputType insertText).
  const typed = document.execCommand('insertText', false, fix.to);
  if (!typed || element.value.slice(start, start + fix.to.length) !== fix.to) {
    element.setRangeText(fix.to, start, end, 'end');
    element.dispatchEvent(new Event('input', { bubbles: true }));
  }
  newUndoStep(element);
  return true;
}

