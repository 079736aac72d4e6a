// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { unbalancedMarks, unfinishedEnding } from '../../shared/qa/punctuation';
import { arabicOnlyWords, doubledWords, gluedSentences, initialRehWords } from '../../shared/qa/words';

const finished = (text: string, quote = false) => unfinishedEnding(text, quote) === null;

describe('unfinishedEnding', () => {
  it('finds the seed article’s cut-off paragraph, with its last word', () => {
    const text = 'In Monday’s meeting at the White House, the two leaders are expected to';
    expect(unfinishedEnding(text)).toEqual({ ending: 'to', range: { start: text.length - 2, end: text.length } });
  });

  it('accepts English sentence ends, with closing quotes and brackets after them', () => {
    for (const text of ['He said so.', 'Really?', 'No!', 'And then…', 'The list:', '“No need,” he said.', 'He said: “No need.”', '(See below.)', 'It was “final.”’', 'Wait...  ']) {
      expect(finished(text), text).toBe(true);
    }
  });

  it('accepts Sorani and Badini sentence ends, Arabic question mark and full stop included', () => {
    for (const text of ['ئێستا نزیکەی 2,500 سەربازی ئەمریکا لە عێراقن.', 'ئایا ئەمە ڕاستە؟', 'کا ئەم بەرهەڤین؟', 'وی گۆت: «پێدڤی نینە.»', 'ئەوە کۆتاییە۔', '(بڕوانە خوارەوە.)']) {
      expect(finished(text), text).toBe(true);
    }
  });

  it('finds Sorani and Badini paragraphs that stop mid-sentence (real news lines)', () => {
    expect(unfinishedEnding('زۆرترین قوربانیان داوەو')).toEqual({ ending: 'داوەو', range: { start: 18, end: 23 } });
    expect(unfinishedEnding('جڤاتا نوونەرێن ئیراقێ دێ کۆم')?.ending).toBe('کۆم');
    // A comma or semicolon does not end a sentence; a closing bracket after a word does not either.
    expect(finished('ئەو وتی،')).toBe(false);
    expect(finished('they agreed;')).toBe(false);
    expect(finished('(Zhyan English)')).toBe(false);
  });

  it('ignores trailing spaces and invisible marks', () => {
    expect(finished('Done. \u200f\u2069 ')).toBe(true);
    const text = 'expected to \u200e ';
    expect(unfinishedEnding(text)).toEqual({ ending: 'to', range: { start: 9, end: 11 } });
    expect(unfinishedEnding('   ')).toBeNull();
  });

  it('lets a block quote end with its closing quotation mark, as Kurdish writes «…»', () => {
    expect(finished('«هیچ پێویستییەک بە هێزی جەنگیی بیانی نییە لەسەر خاکی عێراق»', true)).toBe(true);
    expect(finished('“We will ask for training”', true)).toBe(true);
    // In a paragraph a closed quotation still needs its sentence to end.
    expect(finished('«هیچ پێویستییەک نییە»')).toBe(false);
    expect(finished('He called it “final”')).toBe(false);
  });
});

const marks = (text: string) => unbalancedMarks(text).map((m) => [m.kind, m.mark, m.range.start]);

describe('unbalancedMarks', () => {
  it('is quiet on balanced text in the three languages', () => {
    expect(marks('“There is no need,” he said (to the AP) [sic].')).toEqual([]);
    expect(marks('«هیچ پێویستییەک نییە» (بە وتەی ئەو)')).toEqual([]);
    expect(marks('سلێمانی [هەرێما کوردستانێ] ‹ناڤ›')).toEqual([]);
    expect(marks('He said "yes" and "no".')).toEqual([]);
    expect(marks('“Nested (brackets [inside]) quotes”')).toEqual([]);
  });

  it('finds a closing mark never opened (the Badini news line) and an opening one never closed', () => {
    const badini = 'فازل میرانی زێدەتر رۆهنکر” ل سالێن حەفتیان';
    expect(marks(badini)).toEqual([['unopened', '”', 25]]);
    expect(unbalancedMarks(badini)[0]!.partner).toBe('“');
    expect(marks('“There is no need, he said.')).toEqual([['unclosed', '“', 0]]);
    expect(marks('وی گۆت: «پێدڤی نینە.')).toEqual([['unclosed', '«', 8]]);
    expect(marks('(ISIS militants')).toEqual([['unclosed', '(', 0]]);
    expect(marks('militants)')).toEqual([['unopened', ')', 9]]);
  });

  it('pairs straight double quotes in turn: the odd one out is the last', () => {
    expect(marks('He said "yes" and "no.')).toEqual([['unclosed', '"', 18]]);
    expect(unbalancedMarks('"')[0]!.partner).toBe('"');
  });

  it('reports the openers a closer skips over, and keeps text order', () => {
    expect(marks('“a (b” c')).toEqual([['unclosed', '(', 3]]);
    expect(marks('so a) “b')).toEqual([
      ['unopened', ')', 4],
      ['unclosed', '“', 6],
    ]);
    expect(marks('»a«')).toEqual([
      ['unopened', '»', 0],
      ['unclosed', '«', 2],
    ]);
  });

  it('leaves enumerators opening a line ("1)", "ب)") alone, and apostrophes', () => {
    expect(marks('1) first\n2) second\nب) سێیەم')).toEqual([]);
    expect(marks('Iraq’s forces, the leaders’ talks, doesn\'t')).toEqual([]);
  });
});

describe('doubledWords', () => {
  it('finds a word repeated in English, Sorani and Badini, with the repeat’s range', () => {
    const en = 'the the two leaders';
    expect(doubledWords(en)).toEqual([{ word: 'the', range: { start: 4, end: 7 } }]);
    expect(doubledWords('سەربازی ئەمریکا لە لە عێراقن')).toEqual([{ word: 'لە', range: { start: 19, end: 21 } }]);
    expect(doubledWords('ل سەر ئاخا ئاخا خۆ').map((d) => d.word)).toEqual(['ئاخا']);
  });

  it('ignores case and Kurdish spelling variants: Arabic kaf, yeh, ZWNJ', () => {
    expect(doubledWords('The the end').map((d) => d.word)).toEqual(['the']);
    expect(doubledWords('کازمی كازمي وتی').map((d) => d.word)).toEqual(['كازمي']);
  });

  it('needs only spaces between the two: punctuation or a line break ends the run', () => {
    expect(doubledWords('the\u00a0\u2066the end')).toHaveLength(1);
    expect(doubledWords('yes, yes, he said')).toEqual([]);
    expect(doubledWords('item one\n\none more')).toEqual([]);
    expect(doubledWords('the.\nThe')).toEqual([]);
  });

  it('leaves numbers and grammatical repetition alone', () => {
    expect(doubledWords('a score of 10 10')).toEqual([]);
    expect(doubledWords('٢٠ ٢٠')).toEqual([]);
    expect(doubledWords('He had had enough; that that was true')).toEqual([]);
    expect(doubledWords('کەم کەم، هێدی هێدی، یەک یەک، جار جار')).toEqual([]);
    expect(doubledWords('هێدی هێدی و ئێک ئێک')).toEqual([]);
    expect(doubledWords('Iraq-Iraq Iraq')).toEqual([]);
  });
});

describe('arabicOnlyWords', () => {
  it('finds Arabic kaf, yeh, alef maksura and teh marbuta with the word, its letters and the Kurdish spelling', () => {
    const text = 'سەرۆكی هەرێم وتي مەدرەسة';
    expect(arabicOnlyWords(text)).toEqual([
      { word: 'سەرۆكی', letters: 'ك', suggestion: 'سەرۆکی', range: { start: 0, end: 6 } },
      { word: 'وتي', letters: 'ي', suggestion: 'وتی', range: { start: 13, end: 16 } },
      { word: 'مەدرەسة', letters: 'ة', suggestion: 'مەدرەسە', range: { start: 17, end: 24 } },
    ]);
  });

  it('reports each word once, with each letter once, in Badini text too (ى for final î)', () => {
    const found = arabicOnlyWords('رەوشەنبیرێن دهوكى ل هولا ككي');
    expect(found.map((f) => [f.word, f.letters, f.suggestion])).toEqual([
      ['دهوكى', 'كى', 'دهوکی'],
      ['ككي', 'كي', 'ککی'],
    ]);
  });

  it('finds presentation forms and exotic variants', () => {
    expect(arabicOnlyWords('ﻛﻮﺭﺩ')[0]!.suggestion).toBe('کورد');
    expect(arabicOnlyWords('ڑێگا')[0]!.letters).toBe('ڑ');
  });

  it('is quiet on normalised Kurdish and on Latin text', () => {
    expect(arabicOnlyWords('سەرۆک وەزیرانی عێراق مستەفا کازمی لەگەڵ The Associated Press')).toEqual([]);
    expect(arabicOnlyWords('ڕاهێنان و هەواڵگری ڤ ۆ ێ ڵ ە ھ')).toEqual([]);
  });
});

describe('doubledWords: Kurdish reduplication and spelled-out acronyms (issue 16)', () => {
  it('leaves reduplication Kurdish uses on purpose alone', () => {
    expect(doubledWords('نا نا، من ئەوەم نەوتووە')).toEqual([]);
    expect(doubledWords('منداڵەکان جوان جوان جلیان لەبەر کردبوو')).toEqual([]);
    expect(doubledWords('ئەم خاکە هەتا هەتا کوردستانە')).toEqual([]);
    expect(doubledWords('پرسەکان جودا جودا باس کران')).toEqual([]);
    expect(doubledWords('ئەو هێدی هێدی و خێرا خێرا هات')).toEqual([]);
  });

  it('leaves an acronym spelled out in letter names alone (BBC, CNN)', () => {
    expect(doubledWords('کەناڵی بی بی سی ڕایگەیاند')).toEqual([]);
    expect(doubledWords('تۆڕی سی ئێن ئێن و بی بی سی')).toEqual([]);
  });

  it('still finds real slips', () => {
    expect(doubledWords('هەولێر و و دهۆک').map((d) => d.word)).toEqual(['و']);
    expect(doubledWords('ئەو ئەو کەسەیە کە هات').map((d) => d.word)).toEqual(['ئەو']);
    // Two letter names alone are not an acronym.
    expect(doubledWords('بی بی').map((d) => d.word)).toEqual(['بی']);
    expect(doubledWords('بی بی سی و و').map((d) => d.word)).toEqual(['و']);
  });
});

describe('initialRehWords', () => {
  it('finds Sorani words starting with ر, with the ڕ spelling and a fix of that letter', () => {
    const text = 'هەواڵی «رووداو»: رۆژی هەینی ڕاگەیەندرا';
    expect(initialRehWords(text)).toEqual([
      { word: 'رووداو', suggestion: 'ڕووداو', range: { start: 8, end: 14 }, fix: { range: { start: 8, end: 9 }, from: 'ر', to: 'ڕ' } },
      { word: 'رۆژی', suggestion: 'ڕۆژی', range: { start: 17, end: 21 }, fix: { range: { start: 17, end: 18 }, from: 'ر', to: 'ڕ' } },
    ]);
  });

  it('leaves ر inside a word, a lone ر and ڕ alone', () => {
    expect(initialRehWords('بەرێوەبەر کەر ڕۆژ ر')).toEqual([]);
    expect(initialRehWords(`دەچم\u200cرە`)).toEqual([]);
  });
});

describe('gluedSentences', () => {
  it('finds a sentence end with no space after it between two Kurdish words', () => {
    expect(gluedSentences('ئەمڕۆ.دوێنێ')).toEqual([{ text: 'ئەمڕۆ.دوێنێ', range: { start: 0, end: 11 }, fix: { range: { start: 5, end: 6 }, from: '.', to: '. ' } }]);
    const badini = 'ئەو ژنا هاتییە سوتن.بەشێ جێندەر ل نڤێسینگەها قوباد تاڵەبانی';
    expect(gluedSentences(badini).map((g) => g.text)).toEqual(['سوتن.بەشێ']);
    expect(gluedSentences('بۆچی؟ئەو نەهات!ئێمە').map((g) => g.text)).toEqual(['بۆچی؟ئەو', 'نەهات!ئێمە']);
  });

  it('leaves abbreviations, acronyms, numbers, Latin and spaced sentence ends alone', () => {
    expect(gluedSentences('د.ئەحمەد و ١٠٠ ک.م')).toEqual([]);
    expect(gluedSentences('سایتی "تی.ئار.تی"ی تورکیا')).toEqual([]);
    expect(gluedSentences('U.S. troops, 3.5 km, ئەمڕۆ. دوێنێ، هەولێر:دهۆک')).toEqual([]);
  });
});
