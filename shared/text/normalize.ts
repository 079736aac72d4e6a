/**
 * Normalisation of Sorani (`ckb`) and Badini (`kmr`) text, per
 * docs/kurdish-text.md. Call it on Kurdish text only; it runs on
 * every keystroke, so it is a single left-to-right pass over precomputed tables
 * that only ever rewrites the last few characters it has written.
 *
 * Decisions beyond the table (see the design doc for the table itself):
 *
 * - Word-final h: we follow klpt and CLDR's `ckb` exemplars: a final consonant h
 *   is ھ U+06BE. ھ stays at a word end and becomes ه only before a letter;
 *   AsoSoft's final-h spelling ه + tatweel becomes ھ (so removing the tatweel
 *   keeps the information). A plain final ه or ە is kept as typed: telling a
 *   mistyped ە from a real h needs a dictionary, not a normaliser.
 * - Legacy-font vowel signs (AsoSoft's "errors from font conversion", common in
 *   real news text): ر + kasra → ڕ; ل + fatha/fathatan → ڵ; لا + fatha → ڵا;
 *   ی + fatha/fathatan → ێ; و + fatha/fathatan → ۆ. Other harakat are removed.
 *   Sukun U+0652 is removed with the Quranic marks. U+0653–U+065F (maddah,
 *   hamza above/below, small v) are kept: they carry letter identity.
 * - U+FEFF (BOM / zero-width no-break space) after a joining Arabic letter is
 *   the old spelling of ZWNJ and becomes one; anywhere else it is removed.
 * - ¬ becomes ZWNJ only right after an Arabic letter; elsewhere it is a real ¬.
 * - ZWNJ clean-up (drop duplicates, drop after a letter that cannot join
 *   forwards, drop before whitespace) happens only in Arabic context, never at
 *   the end of the text: the user may be about to type the next letter.
 * - NFC applies to the whole text (it is canonically equivalent, so a Latin run
 *   already in NFC, as typed text is, survives byte-for-byte). No other rule
 *   touches Latin letters, digits of any set, ٪ ٫ ٬, or bidi controls
 *   (LRM, RLM, ALM, LRE…PDF, LRI…PDI).
 */

export interface NormalizationResult {
  text: string;
  /** Code points of the input that were replaced or removed (what a paste UI reports). */
  changed: number;
}

const ZWNJ = 0x200c;
const HEH = 0x0647; // ه
const HEH_DOACHASHMEE = 0x06be; // ھ
const AE = 0x06d5; // ە
const ALEF = 0x0627;
const LAM = 0x0644;
const LAM_V = 0x06b5; // ڵ
const REH = 0x0631;
const REH_V = 0x0695; // ڕ
const WAW = 0x0648;
const OE = 0x06c6; // ۆ
const FARSI_YEH = 0x06cc; // ی
const YEH_V = 0x06ce; // ێ
const YEH_HAMZA = 0x0626; // ئ

// Character kinds; everything not listed is PASS (copied unchanged).
const PASS = 0;
const LETTER_DUAL = 1; // Arabic letter that joins on both sides
const LETTER_RIGHT = 2; // Arabic letter that cannot join the next letter
const MAP = 3; // replaced by MAP_TO[c], always a letter
const REMOVE = 4; // harakat and Quranic marks without a legacy meaning
const TATWEEL = 5;
const FATHA = 6;
const FATHATAN = 7;
const KASRA = 8;
const HAMZA_ABOVE = 9;
const JOINER_NON = 10; // ZWNJ
const NOT_SIGN = 11;
const BOM = 12;
const SPACE = 13;
const PRESENTATION = 14;

const KIND = new Uint8Array(0x10000);
const MAP_TO = new Uint16Array(0x10000);
const EXPANSION = new Map<number, string>();

function setRange(from: number, to: number, kind: number): void {
  for (let c = from; c <= to; c++) KIND[c] = kind;
}

// Joining types from Unicode's ArabicShaping.txt (Arabic, Arabic Supplement, Extended-A).
for (const [a, b] of [
  [0x0620, 0x0620], [0x0626, 0x0626], [0x0628, 0x0628], [0x062a, 0x062e], [0x0633, 0x063f],
  [0x0641, 0x0647], [0x0649, 0x064a], [0x066e, 0x066f], [0x0678, 0x0687], [0x069a, 0x06bf],
  [0x06c1, 0x06c2], [0x06cc, 0x06cc], [0x06ce, 0x06ce], [0x06d0, 0x06d1], [0x06fa, 0x06fc],
  [0x06ff, 0x06ff], [0x0750, 0x0758], [0x075c, 0x076a], [0x076d, 0x0770], [0x0772, 0x0772],
  [0x0775, 0x0777], [0x077a, 0x077f], [0x08a0, 0x08a9], [0x08af, 0x08b0], [0x08b3, 0x08b8],
  [0x08ba, 0x08c8],
] as const) setRange(a, b, LETTER_DUAL);
for (const [a, b] of [
  [0x0621, 0x0625], [0x0627, 0x0627], [0x0629, 0x0629], [0x062f, 0x0632], [0x0648, 0x0648],
  [0x0671, 0x0677], [0x0688, 0x0699], [0x06c0, 0x06c0], [0x06c3, 0x06cb], [0x06cd, 0x06cd],
  [0x06cf, 0x06cf], [0x06d2, 0x06d3], [0x06d5, 0x06d5], [0x06ee, 0x06ef], [0x0759, 0x075b],
  [0x076b, 0x076c], [0x0771, 0x0771], [0x0773, 0x0774], [0x0778, 0x0779], [0x08aa, 0x08ac],
  [0x08ae, 0x08ae], [0x08b1, 0x08b2], [0x08b9, 0x08b9],
] as const) setRange(a, b, LETTER_RIGHT);

// Harakat U+064B–U+0652 (sukun included) and Quranic annotation marks.
setRange(0x064b, 0x0652, REMOVE);
setRange(0x0610, 0x061a, REMOVE);
KIND[0x0670] = REMOVE; // superscript alef
setRange(0x06d6, 0x06dc, REMOVE);
setRange(0x06df, 0x06e4, REMOVE);
setRange(0x06e7, 0x06e8, REMOVE);
setRange(0x06ea, 0x06ed, REMOVE);
setRange(0x08d3, 0x08e1, REMOVE);
setRange(0x08e3, 0x08ff, REMOVE);
KIND[0x064e] = FATHA;
KIND[0x064b] = FATHATAN;
KIND[0x0650] = KASRA;
KIND[0x0654] = HAMZA_ABOVE;
KIND[0x0640] = TATWEEL;
KIND[ZWNJ] = JOINER_NON;
KIND[0x00ac] = NOT_SIGN;
KIND[0xfeff] = BOM;
for (const c of [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
  0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]) KIND[c] = SPACE;

function setMap(from: readonly number[], to: number): void {
  for (const c of from) {
    KIND[c] = MAP;
    MAP_TO[c] = to;
  }
}
setMap([0x0643, 0x06aa, 0x06ab, 0x06ac, 0x06ad, 0x063b], 0x06a9); // ك ڪ ګ ڬ ڭ ػ → ک
setMap([0x064a, 0x0649, 0x06d2, 0x06cd], FARSI_YEH); // ي ى ے ۍ → ی
setMap([0x06d3], YEH_HAMZA); // ۓ (NFC of ے + hamza) → ئ, as ی + hamza
setMap([0x0629], AE); // ة → ە
setMap([0x0691, 0x0692, 0x0693, 0x0694, 0x0696], REH_V); // ڑ ڒ ړ ڔ ږ → ڕ
setMap([0x06b6, 0x06b7, 0x06b8], LAM_V); // ڶ ڷ ڸ → ڵ
setMap([0x06a5], 0x06a4); // ڥ → ڤ
setMap([0x06c4, 0x06c5, 0x06c9, 0x06cb], OE); // ۄ ۅ ۉ ۋ → ۆ

// Presentation forms (PDF and old-font text) → their NFKC letters, fed back through the pass.
// An isolated haraka form decomposes to space + mark; the space was never text, so it goes.
function addPresentationForms(from: number, to: number): void {
  for (let c = from; c <= to; c++) {
    const ch = String.fromCharCode(c);
    let base = ch.normalize('NFKC');
    if (base === ch) continue; // unassigned, or no decomposition (ornate parentheses, ﷽)
    if (base.charCodeAt(0) === 0x20 && base.length > 1) {
      let allMarks = true;
      for (let k = 1; k < base.length; k++) if (!isMark(base.charCodeAt(k))) allMarks = false;
      if (allMarks) base = base.slice(1);
    }
    KIND[c] = PRESENTATION;
    EXPANSION.set(c, base);
  }
}
addPresentationForms(0xfb50, 0xfdff);
addPresentationForms(0xfe70, 0xfefc);

function isMark(c: number): boolean {
  return (
    (c >= 0x064b && c <= 0x065f) ||
    c === 0x0670 ||
    (c >= 0x0610 && c <= 0x061a) ||
    (c >= 0x06d6 && c <= 0x06ed && c !== 0x06dd && c !== 0x06de && c !== 0x06e5 && c !== 0x06e6 && c !== 0x06e9) ||
    (c >= 0x08d3 && c <= 0x08ff && c !== 0x08e2)
  );
}

function isArabicLetter(c: number): boolean {
  const k = KIND[c];
  return k === LETTER_DUAL || k === LETTER_RIGHT || k === MAP;
}

/** The pass. Works on NFC text; `buf`/`touched` hold the output and which output characters differ from input. */
class Pass {
  buf: Uint16Array;
  touched: Uint8Array;
  len = 0;
  changed = 0;
  /** Index of an ه followed by removed tatweel(s): becomes ھ unless a letter follows. */
  pendingHeh = -1;

  constructor(capacity: number) {
    this.buf = new Uint16Array(capacity);
    this.touched = new Uint8Array(capacity);
  }

  emit(c: number, touched: boolean): void {
    if (this.len === this.buf.length) {
      const buf = new Uint16Array(this.buf.length * 2 + 16);
      buf.set(this.buf);
      this.buf = buf;
      const t = new Uint8Array(buf.length);
      t.set(this.touched);
      this.touched = t;
    }
    this.buf[this.len] = c;
    this.touched[this.len] = touched ? 1 : 0;
    this.len++;
  }

  /** Replace an already written character; counts once per input character. */
  rewrite(index: number, c: number): void {
    if (this.buf[index] === c) return;
    this.buf[index] = c;
    if (!this.touched[index]) {
      this.touched[index] = 1;
      this.changed++;
    }
  }

  /** Last written character that is not a combining mark (-1 at the start). */
  prevBase(end: number): number {
    let i = end - 1;
    while (i >= 0 && isMark(this.buf[i]!)) i--;
    return i >= 0 ? this.buf[i]! : -1;
  }

  /** `fromOther`: the ZWNJ stands for a ¬ or U+FEFF that was already counted as changed. */
  zwnj(fromOther: boolean): void {
    const count = fromOther ? 0 : 1;
    const last = this.len > 0 ? this.buf[this.len - 1]! : -1;
    if (last === HEH) {
      // Old keyboards typed ە as heh + ZWNJ.
      this.rewrite(this.len - 1, AE);
      this.changed += count;
      return;
    }
    if (last === ZWNJ) {
      const before = this.prevBase(this.len - 1);
      if (isArabicLetter(before)) {
        this.changed += count; // duplicate
        return;
      }
    } else {
      const base = this.prevBase(this.len);
      if (base >= 0 && KIND[base] === LETTER_RIGHT) {
        this.changed += count; // after a letter that never joins the next one: no effect
        return;
      }
    }
    this.emit(ZWNJ, fromOther);
  }

  feed(c: number, expanded: boolean): void {
    const kind = KIND[c]!;
    const count = expanded ? 0 : 1; // an expanded presentation form was counted once already

    if (this.pendingHeh >= 0 && kind !== TATWEEL && kind !== PRESENTATION && !isMark(c)) {
      if (!isArabicLetter(c)) this.rewrite(this.pendingHeh, HEH_DOACHASHMEE);
      this.pendingHeh = -1;
    }

    switch (kind) {
      case PASS:
        this.emit(c, expanded);
        return;
      case LETTER_DUAL:
      case LETTER_RIGHT:
      case MAP: {
        // ھ before a letter is a mid-word h: ه.
        if (this.len > 0 && this.buf[this.len - 1] === HEH_DOACHASHMEE) this.rewrite(this.len - 1, HEH);
        if (kind === MAP) {
          this.changed += count;
          this.emit(MAP_TO[c]!, true);
        } else {
          this.emit(c, expanded);
        }
        return;
      }
      case SPACE:
        if (this.len > 0 && this.buf[this.len - 1] === ZWNJ && isArabicLetter(this.prevBase(this.len - 1))) {
          // ZWNJ before a space has no effect.
          this.len--;
          if (!this.touched[this.len]) this.changed++;
        }
        this.emit(c, expanded);
        return;
      case TATWEEL:
        this.changed += count;
        if (this.pendingHeh < 0 && this.len > 0 && this.buf[this.len - 1] === HEH) this.pendingHeh = this.len - 1;
        return;
      case REMOVE:
        this.changed += count;
        return;
      case FATHA:
      case FATHATAN: {
        this.changed += count;
        if (this.len === 0) return;
        const i = this.len - 1;
        const last = this.buf[i]!;
        if (last === LAM || last === LAM_V) this.rewrite(i, LAM_V);
        else if (last === FARSI_YEH || last === YEH_V) this.rewrite(i, YEH_V);
        else if (last === WAW || last === OE) this.rewrite(i, OE);
        // Only fatha: لاً is also genuine Arabic tanween (مثلاً).
        else if (kind === FATHA && last === ALEF && i > 0 && this.buf[i - 1] === LAM) this.rewrite(i - 1, LAM_V);
        return;
      }
      case KASRA:
        this.changed += count;
        if (this.len > 0 && this.buf[this.len - 1] === REH) this.rewrite(this.len - 1, REH_V);
        return;
      case HAMZA_ABOVE:
        // NFC composes ي + hamza but not ی + hamza.
        if (this.len > 0 && this.buf[this.len - 1] === FARSI_YEH) {
          this.rewrite(this.len - 1, YEH_HAMZA);
          this.changed += count;
        } else {
          this.emit(c, expanded);
        }
        return;
      case JOINER_NON:
        this.zwnj(expanded);
        return;
      case NOT_SIGN:
        if (isArabicLetter(this.prevBase(this.len))) {
          this.changed += count;
          this.zwnj(true);
        } else {
          this.emit(c, expanded);
        }
        return;
      case BOM:
        this.changed += count;
        if (KIND[this.prevBase(this.len)] === LETTER_DUAL) this.zwnj(true);
        return;
      case PRESENTATION: {
        this.changed += count;
        const base = EXPANSION.get(c)!;
        for (let k = 0; k < base.length; k++) this.feed(base.charCodeAt(k), true);
        return;
      }
    }
  }

  finish(): void {
    if (this.pendingHeh >= 0) {
      this.rewrite(this.pendingHeh, HEH_DOACHASHMEE);
      this.pendingHeh = -1;
    }
  }

  toString(): string {
    let out = '';
    for (let i = 0; i < this.len; i += 8192) {
      out += String.fromCharCode.apply(null, this.buf.subarray(i, Math.min(i + 8192, this.len)) as unknown as number[]);
    }
    return out;
  }
}

/** Code points of `before` outside a longest common subsequence with `after` (null if too big to compute). */
function lcsChanges(before: string, after: string): number | null {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endA = before.length;
  let endB = after.length;
  while (endA > start && endB > start && before[endA - 1] === after[endB - 1]) {
    endA--;
    endB--;
  }
  const x = [...before.slice(start, endA)];
  const y = [...after.slice(start, endB)];
  if (x.length * y.length > 4_000_000) return null;
  const row = new Int32Array(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    let diag = 0;
    for (let j = 1; j <= y.length; j++) {
      const up = row[j]!;
      row[j] = x[i - 1] === y[j - 1] ? diag + 1 : Math.max(up, row[j - 1]!);
      diag = up;
    }
  }
  return x.length - row[y.length]!;
}

/**
 * Changed code points when NFC altered the text, where the pass's own count
 * could count a character twice (ے + hamza → ۓ → ئ). Compares word by word
 * (nothing removes a space); whole text if a ligature such as ﷺ added words.
 */
function countChanges(before: string, after: string, fallback: number): number {
  const a = before.split(' ');
  const b = after.split(' ');
  if (a.length !== b.length) return lcsChanges(before, after) ?? fallback;
  let changed = 0;
  for (let k = 0; k < a.length; k++) {
    if (a[k] === b[k]) continue;
    const words = lcsChanges(a[k]!, b[k]!);
    if (words === null) return fallback;
    changed += words;
  }
  return changed;
}

const LATE_COMPOSING = /[\u0653-\u0655]/;

/**
 * Whether the pass could change anything in `s` (already NFC). A clean article,
 * the common case on a keystroke, is returned without building a copy. Reads
 * the same tables as the pass, so the two cannot drift apart.
 */
function mayChange(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const kind = KIND[c]!;
    if (kind <= LETTER_RIGHT || kind === SPACE) {
      // ھ before a letter becomes ه.
      if (c === HEH_DOACHASHMEE && i + 1 < s.length && isArabicLetter(s.charCodeAt(i + 1))) return true;
      continue;
    }
    if (kind === JOINER_NON) {
      const prev = i > 0 ? s.charCodeAt(i - 1) : -1;
      if (prev === HEH || prev === ZWNJ || isMark(prev) || KIND[prev] === LETTER_RIGHT) return true;
      if (i + 1 < s.length && KIND[s.charCodeAt(i + 1)] === SPACE) return true;
      continue;
    }
    return true; // mapped, removed, presentation form, ¬, BOM, hamza above
  }
  return false;
}

/** Normalise Sorani or Badini text and report how many input characters changed. */
export function normalizeKurdishWithCount(text: string): NormalizationResult {
  const nfc = text.normalize('NFC');
  let out = nfc;
  let changed = 0;
  // The pass counts exactly what it does; NFC before or after it needs a comparison instead.
  let exact = nfc === text;
  if (mayChange(nfc)) {
    const pass = new Pass(nfc.length + 16);
    for (let i = 0; i < nfc.length; i++) pass.feed(nfc.charCodeAt(i), false);
    pass.finish();
    if (pass.changed > 0) {
      out = pass.toString();
      changed = pass.changed;
      // Removing a mark can unblock a canonical composition (و + Quranic mark + hamza): compose again.
      if (LATE_COMPOSING.test(out)) {
        const again = out.normalize('NFC');
        if (again !== out) {
          out = again;
          exact = false;
        }
      }
    }
  }
  if (!exact) changed = countChanges(text, out, changed + text.length - nfc.length);
  return { text: out, changed };
}

/** Normalise Sorani or Badini text (never English: the caller checks `isKurdish(language)`). */
export function normalizeKurdish(text: string): string {
  return normalizeKurdishWithCount(text).text;
}
