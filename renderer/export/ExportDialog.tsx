import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiOutput } from '../../shared/api';
import type { Article } from '../../shared/article';
import { ApiError } from '../../shared/errors';
import type { Finding } from '../../shared/qa/findings';
import { formatDateTime } from '../../shared/text/dates';
import { useApi } from '../api/context';
import { uiDigits, uiLanguage } from '../i18n';
import { describeError, describeRefusal } from '../i18n/errors';
import { CopyHtml } from './CopyHtml';
import { downloadBase64 } from '../components/download';
import { FindingList } from './FindingList';

type Exported = Omit<ApiOutput<'exportArticle'>, 'dataBase64'>;
type Phase = { kind: 'checking' } | { kind: 'ready' } | { kind: 'exporting' } | { kind: 'done'; result: Exported } | { kind: 'failed'; message: string };

interface Props {
  article: Article;
  onClose: () => void;
  /** Takes the user to the place a finding is about (the dialog closes first). */
  onJump: (finding: Finding) => void;
  /**
   * Applies a finding's one-click fix in the article's editors, as an edit of
   * their own (undoable there), and saves it; false when the text is no longer
   * what the check read. The dialog steps aside meanwhile (a modal dialog makes
   * the editors inert), then checks the saved article again.
   */
  onFix?: (finding: Finding) => Promise<boolean>;
  /** Whether a finding's fix can be applied where it is (a text field or a text block, not an image) in the article as saved. */
  canFix?: (finding: Finding, saved: Article | null) => boolean;
}

/**
 * Export: the pre-publish checks first, errors listed with a way to each spot;
 * warnings accepted with a note that goes into the package and the export
 * log; then the package is built and handed to the browser as a download (in
 * Electron, the save dialog). Copy HTML per language for pasting into a CMS.
 */
export function ExportDialog({ article, onClose, onJump, onFix, canFix }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const ref = useRef<HTMLDialogElement>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });
  const [findings, setFindings] = useState<Finding[]>([]);
  const [accept, setAccept] = useState(false);
  const [note, setNote] = useState('');
  const [history, setHistory] = useState<ApiOutput<'listExports'>['items']>([]);
  // The article as saved (the screen's copy is as it was loaded): what is checked, exported and copied.
  const [saved, setSaved] = useState<Article | null>(null);
  const [fixing, setFixing] = useState(false);
  const [fixFailed, setFixFailed] = useState(false);
  // The dialog is closed for a moment while a fix is applied: that close is not the user's.
  const stepAside = useRef(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  useEffect(() => {
    let cancelled = false;
    Promise.all([api.checkArticle({ id: article.id }), api.listExports({ id: article.id }), api.getArticle({ id: article.id })]).then(
      ([check, exports, current]) => {
        if (cancelled) return;
        setSaved(current);
        setFindings(check.findings);
        setHistory(exports.items);
        setPhase({ kind: 'ready' });
      },
      (error: unknown) => !cancelled && setPhase({ kind: 'failed', message: describeError(t, error) }),
    );
    return () => {
      cancelled = true;
    };
    // Checked once per opening: the article does not change while the dialog is up.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, article.id]);

  /** The checks again, after a fix: the findings and the saved article, the rest of the dialog as it was. */
  const recheck = useCallback(async () => {
    const [check, current] = await Promise.all([api.checkArticle({ id: article.id }), api.getArticle({ id: article.id })]);
    setSaved(current);
    setFindings(check.findings);
  }, [api, article.id]);

  const fix = async (finding: Finding) => {
    if (!onFix) return;
    const dialog = ref.current;
    setFixing(true);
    setFixFailed(false);
    stepAside.current = true;
    dialog?.close();
    try {
      setFixFailed(!(await onFix(finding)));
    } finally {
      if (dialog && !dialog.open) dialog.showModal();
    }
    try {
      await recheck();
    } catch (error) {
      setPhase({ kind: 'failed', message: describeError(t, error) });
    }
    setFixing(false);
  };

  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity === 'warning');
  const suggestions = findings.filter((f) => f.severity === 'suggestion');
  const listProps = {
    onJump: (finding: Finding) => (ref.current?.close(), onJump(finding)),
    ...(onFix ? { onFix: (finding: Finding) => void fix(finding) } : {}),
    ...(canFix ? { canFix: (finding: Finding) => canFix(finding, saved) } : {}),
    busy: fixing,
  };
  const canExport = phase.kind === 'ready' && errors.length === 0 && (warnings.length === 0 || accept);

  /** The publish-ready package, or (workingCopy) the article as it stands, to pass on: no checks, not for publication. */
  const run = async (workingCopy = false) => {
    setPhase({ kind: 'exporting' });
    try {
      const { dataBase64, ...result } = await api.exportArticle({ id: article.id, acceptWarnings: !workingCopy && warnings.length > 0 && accept, note: workingCopy ? '' : note.trim(), workingCopy });
      downloadBase64(dataBase64, result.fileName, 'application/zip');
      setPhase({ kind: 'done', result });
      setHistory((await api.listExports({ id: article.id })).items);
    } catch (error) {
      // The article changed since the checks ran: show the new findings.
      if (error instanceof ApiError && error.body.findings) {
        setFindings(error.body.findings);
        setPhase({ kind: 'ready' });
      } else {
        setPhase({ kind: 'failed', message: describeRefusal(t, error) });
      }
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog export-dialog"
      aria-labelledby="export-title"
      onClose={() => {
        if (stepAside.current) stepAside.current = false;
        else onClose();
      }}
    >
      <h2 id="export-title">{t('export.title')}</h2>
      {phase.kind === 'checking' && (
        <p role="status">
          <progress /> {t('export.checking')}
        </p>
      )}
      {phase.kind !== 'checking' && errors.length === 0 && warnings.length === 0 && phase.kind !== 'failed' && <p className="qa-clean">{t('export.clean')}</p>}
      {errors.length > 0 && (
        <section aria-labelledby="qa-errors">
          <h3 id="qa-errors" className="qa-errors-title">
            {t('export.errors', { count: errors.length })}
          </h3>
          <FindingList findings={errors} {...listProps} />
        </section>
      )}
      {warnings.length > 0 && (
        <section aria-labelledby="qa-warnings">
          <h3 id="qa-warnings">{t('export.warnings', { count: warnings.length })}</h3>
          <FindingList findings={warnings} {...listProps} />
          {errors.length === 0 && (
            <div className="accept-warnings">
              <label>
                <input type="checkbox" checked={accept} onChange={(event) => setAccept(event.target.checked)} /> {t('export.accept')}
              </label>
              <label className="field">
                <span>{t('export.note')}</span>
                <textarea rows={2} dir="auto" maxLength={2_000} value={note} onChange={(event) => setNote(event.target.value)} />
              </label>
            </div>
          )}
        </section>
      )}
      {suggestions.length > 0 && (
        <section aria-labelledby="qa-suggestions">
          <h3 id="qa-suggestions">{t('export.suggestions', { count: suggestions.length })}</h3>
          <FindingList findings={suggestions} {...listProps} />
        </section>
      )}
      {fixFailed && (
        <p role="alert" className="field-error">
          {t('export.fixFailed')}
        </p>
      )}
      {phase.kind === 'exporting' && (
        <p role="status">
          <progress /> {t('export.exporting')}
        </p>
      )}
      {phase.kind === 'done' && (
        <p role="status" className="export-done">
          {t('export.done', { fileName: phase.result.fileName, kb: Math.max(1, Math.round(phase.result.bytes / 1024)) })}
          <br />
          <code className="sha">{phase.result.sha256}</code>
        </p>
      )}
      {phase.kind === 'failed' && (
        <p role="alert" className="field-error">
          {phase.message}
        </p>
      )}

      {saved && <CopyHtml article={saved} />}

      {history.length > 0 && (
        <details className="export-history">
          <summary>{t('export.history', { count: history.length })}</summary>
          <ul>
            {history.map((item) => (
              <li key={`${item.exportedAt}-${item.sha256}`}>
                <time dateTime={item.exportedAt}>{formatDateTime(item.exportedAt, uiLanguage(), uiDigits())}</time> <span dir="auto">{item.fileName}</span>
                {item.workingCopy && <> · {t('export.workingCopyMark')}</>}
                {item.acceptedWarnings.length > 0 && <> · {t('export.accepted', { count: item.acceptedWarnings.length })}</>}
                {item.note && (
                  <>
                    {' · '}
                    <q dir="auto">{item.note}</q>
                  </>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}

      <div className="dialog-actions">
        <button type="button" onClick={() => ref.current?.close()}>
          {t('export.close')}
        </button>
        {/* Any stage, whatever the checks say: a reporter sends the untranslated story to a translator this way. */}
        <button type="button" title={t('export.workingCopyHint')} disabled={phase.kind === 'exporting'} onClick={() => void run(true)}>
          {t('export.workingCopy')}
        </button>
        <button type="button" className="button-primary" disabled={!canExport} onClick={() => void run()}>
          {t('export.export')}
        </button>
      </div>
    </dialog>
  );
}
