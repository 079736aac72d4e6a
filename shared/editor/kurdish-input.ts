import { $getSelection, $hasUpdateTag, $isRangeSelection, defineExtension, PASTE_TAG, safeCast, TextNode, type LexicalEditor } from 'lexical';
import { normalizeKurdish } from '../text/normalize';

/**
 * Kurdish typed on Arabic or Persian keyboards carries the wrong code points
 * (ي ك for ی ک, ه+ZWNJ for ە …). In Sorani and Badini versions every text
 * node is normalised as it changes, and the caret keeps its place in the
 * normalised text. Latin runs, digits and bidi controls are never touched.
 */
export function registerKurdishInput(editor: LexicalEditor): () => void {
  return editor.registerNodeTransform(TextNode, (node) => {
    // An IME composition is still being built; normalise once it ends.
    if (editor.isComposing()) return;
    // A paste is recorded as pasted first; the paste extension normalises it in an undoable step of its own.
    if ($hasUpdateTag(PASTE_TAG)) return;
    const text = node.getTextContent();
    const normalized = normalizeKurdish(text);
    if (normalized === text) return;
    const selection = $getSelection();
    const key = node.getKey();
    const offsets =
      $isRangeSelection(selection)
        ? {
            anchor: selection.anchor.key === key ? normalizeKurdish(text.slice(0, selection.anchor.offset)).length : null,
            focus: selection.focus.key === key ? normalizeKurdish(text.slice(0, selection.focus.offset)).length : null,
          }
        : null;
    node.setTextContent(normalized);
    if ($isRangeSelection(selection) && offsets) {
      // A prefix can normalise to one character more than its place in the whole (a kept trailing ZWNJ): clamp.
      if (offsets.anchor !== null) selection.anchor.set(key, Math.min(offsets.anchor, normalized.length), 'text');
      if (offsets.focus !== null) selection.focus.set(key, Math.min(offsets.focus, normalized.length), 'text');
    }
  });
}

export const KurdishInputExtension = defineExtension({
  name: '@qelem/editor/KurdishInput',
  config: safeCast<{ enabled: boolean }>({ enabled: false }),
  register: (editor, config) => (config.enabled ? registerKurdishInput(editor) : () => undefined),
});
