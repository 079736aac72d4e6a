import { normalizeKurdish } from '../../../shared/text/normalize';

/**
 * The value of a text input as it is to be kept: Kurdish text typed with
 * Arabic-keyboard letters turned into Kurdish ones (`normalize`). When that
 * changes it, the input is rewritten now, caret included, so React finds
 * nothing to change and leaves the caret where the person was typing.
 */
export function normalizedInputValue(input: HTMLInputElement | HTMLTextAreaElement, normalize: boolean): string {
  const next = normalize ? normalizeKurdish(input.value) : input.value;
  if (next !== input.value) {
    const caret = input.selectionStart;
    const place = caret === null ? next.length : normalizeKurdish(input.value.slice(0, caret)).length;
    input.value = next;
    input.setSelectionRange(place, place);
  }
  return next;
}
