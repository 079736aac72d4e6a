import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, isKurdish, type LanguageKey } from '../../shared/languages';
import type { GlossaryTerm } from '../../shared/translation/glossary';
import { foldForSearch } from '../../shared/text/search-fold';
import { normalizeKurdish } from '../../shared/text/normalize';
import { useApi } from '../api/context';
import { useToasts } from '../components/Toasts';
import { describeError } from '../i18n/errors';
import { navigate } from '../routing';
import { downloadBlob } from '../components/download';

type Draft = { en: string; ckb: string; kmr: string; note: string };
const EMPTY: Draft = { en: '', ckb: '', kmr: '', note: '' };

/** Which entry is being edited: a new one, an existing one by id, or none. */
type Editing = { id: string | null; draft: Draft } | null;

/**
 * The library's glossary (termbase): one entry a concept, its term in each
 * language. Terms found in a source segment are offered in the translation
 * workspace. Entries are added, edited and deleted here, and the whole
 * glossary is imported from and exported to CSV.
 */
export function GlossaryScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
  const [terms, setTerms] = useState<GlossaryTerm[] | null>(null);
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const load = useCallback(() => {
    api.listGlossary({}).then(
      (result) => setTerms(result.terms),
      (error: unknown) => toasts.show(describeError(t, error), { tone: 'error' }),
    );
  }, [api, t, toasts]);
  useEffect(load, [load]);

  const shown = useMemo(() => {
    const folded = foldForSearch(filter);
    if (!terms || folded === '') return terms ?? [];
    return terms.filter((term) => [term.en, term.ckb, term.kmr, term.note].some((text) => foldForSearch(text).includes(folded)));
  }, [terms, filter]);

  const save = async () => {
    if (!editing) return;
    try {
      await api.saveGlossaryTerm({ ...(editing.id ? { id: editing.id } : {}), term: editing.draft });
      setEditing(null);
      load();
    } catch (error) {
      toasts.show(describeError(t, error), { tone: 'error' });
    }
  };

  const remove = async (term: GlossaryTerm) => {
    try {
      await api.deleteGlossaryTerm({ id: term.id });
      load();
      const { en, ckb, kmr, note } = term;
      toasts.show(t('glossary.deleted', { term: en || ckb || kmr }), {
        action: {
          label: t('library.undo'),
          run: () => void api.saveGlossaryTerm({ term: { en, ckb, kmr, note } }).then(load, (error: unknown) => toasts.show(describeError(t, error), { tone: 'error' })),
        },
      });
    } catch (error) {
      toasts.show(describeError(t, error), { tone: 'error' });
    }
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setBusy(t('glossary.importing', { name: file.name }));
    try {
      const result = await api.importGlossary({ csv: await file.text() });
      toasts.show(t('glossary.imported', { added: result.added, updated: result.updated, unchanged: result.unchanged }));
      load();
    } catch (error) {
      toasts.show(describeError(t, error), { tone: 'error' });
    } finally {
      setBusy(null);
    }
  };

  const exportFile = async () => {
    try {
      const { csv } = await api.exportGlossary({});
      downloadBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), 'qelem-glossary.csv');
    } catch (error) {
      toasts.show(describeError(t, error), { tone: 'error' });
    }
  };

  const onEditKey = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      setEditing(null);
    } else if (event.key === 'Enter' && !(event.target instanceof HTMLTextAreaElement)) {
      event.preventDefault();
      void save();
    }
  };

  const setDraft = (key: keyof Draft, value: string, lang: LanguageKey | null) =>
    setEditing((current) => (current ? { ...current, draft: { ...current.draft, [key]: lang && isKurdish(lang) ? normalizeKurdish(value) : value } } : current));

  const editRow = (id: string | null) =>
    editing && editing.id === id ? (
      <tr key={id ?? 'new'} className="glossary-edit" onKeyDown={onEditKey}>
        {LANGUAGES.map((l, index) => (
          <td key={l.key}>
            <input
              type="text"
              lang={l.tag}
              dir={l.dir}
              aria-label={t('glossary.termIn', { language: l.nativeName })}
              value={editing.draft[l.key]}
              // The first field takes the caret when the row opens.
              autoFocus={index === 0}
              onChange={(event) => setDraft(l.key, event.target.value, l.key)}
            />
          </td>
        ))}
        <td>
          <input type="text" aria-label={t('glossary.note')} dir="auto" value={editing.draft.note} onChange={(event) => setDraft('note', event.target.value, null)} />
        </td>
        <td className="actions">
          <button type="button" className="button-primary" onClick={() => void save()}>
            {t('glossary.save')}
          </button>
          <button type="button" onClick={() => setEditing(null)}>
            {t('glossary.cancel')}
          </button>
        </td>
      </tr>
    ) : null;

  return (
    <main className="glossary-screen">
      <header className="toolbar">
        <button type="button" className="back" onClick={() => navigate({ screen: 'library' })}>
          {t('editor.back')}
        </button>
        <h1>{t('glossary.title')}</h1>
        <input type="search" className="search" aria-label={t('glossary.filter')} placeholder={t('glossary.filter')} dir="auto" value={filter} onChange={(event) => setFilter(event.target.value)} />
        <button type="button" className="button-primary" onClick={() => setEditing({ id: null, draft: EMPTY })}>
          {t('glossary.add')}
        </button>
        <button type="button" onClick={() => fileInput.current?.click()} disabled={busy !== null}>
          {t('glossary.import')}
        </button>
        <input ref={fileInput} type="file" accept=".csv,text/csv" className="visually-hidden" tabIndex={-1} aria-label={t('glossary.importFile')} onChange={(event) => void importFile(event.currentTarget)} />
        <button type="button" onClick={() => void exportFile()}>
          {t('glossary.export')}
        </button>
      </header>
      {busy && (
        <p role="status" className="notice">
          {busy}
        </p>
      )}
      {terms === null ? (
        <p className="empty">{t('app.loading')}</p>
      ) : (
        <>
          <p className="count">{t('glossary.count', { count: terms.length })}</p>
          <table className="glossary-table">
            <thead>
              <tr>
                {LANGUAGES.map((l) => (
                  <th key={l.key} scope="col" lang={l.tag}>
                    {l.nativeName}
                  </th>
                ))}
                <th scope="col">{t('glossary.note')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('library.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {editRow(null)}
              {shown.map((term) =>
                editing?.id === term.id ? (
                  editRow(term.id)
                ) : (
                  <tr key={term.id}>
                    {LANGUAGES.map((l) => (
                      <td key={l.key} lang={l.tag} dir={l.dir}>
                        {term[l.key]}
                      </td>
                    ))}
                    <td dir="auto">{term.note}</td>
                    <td className="actions">
                      <button type="button" aria-label={t('glossary.editNamed', { term: term.en || term.ckb || term.kmr })} onClick={() => setEditing({ id: term.id, draft: { en: term.en, ckb: term.ckb, kmr: term.kmr, note: term.note } })}>
                        {t('glossary.edit')}
                      </button>
                      <button type="button" className="button-danger" aria-label={t('glossary.deleteNamed', { term: term.en || term.ckb || term.kmr })} onClick={() => void remove(term)}>
                        {t('library.delete')}
                      </button>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
          {terms.length === 0 && editing === null && <p className="empty">{t('glossary.empty')}</p>}
        </>
      )}
    </main>
  );
}
