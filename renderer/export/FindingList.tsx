import { useTranslation } from 'react-i18next';
import { isLanguageKey, language } from '../../shared/languages';
import type { Finding } from '../../shared/qa/findings';

/** The words of a finding in the interface language: its code names the message, its params fill it in. */
export function useFindingMessage(): (finding: Finding) => string {
  const { t } = useTranslation();
  return (finding) => {
    const params: Record<string, string | number> = { ...finding.params };
    if (typeof params.from === 'string' && isLanguageKey(params.from)) params.from = language(params.from).nativeName;
    if (params.image === 'lead' || params.image === 'body') params.image = t(`export.image.${params.image}`);
    // Words and numbers quoted from the article keep their own direction inside the sentence (FSI … PDI).
    for (const [key, value] of Object.entries(params)) if (typeof value === 'string') params[key] = `\u2068${value}\u2069`;
    return t(`qa.${finding.code}`, params);
  };
}

/**
 * How many findings a list shows: the first ones, in reading order. An article
 * can have tens of thousands (a long text with every paragraph unfinished),
 * and a list element for each would jam the window (issue 18).
 */
export const SHOWN_FINDINGS = 300;

interface Props {
  findings: readonly Finding[];
  onJump: (finding: Finding) => void;
  /** Applies a finding's one-click fix; offered for findings with a fix that `canFix` accepts. */
  onFix?: (finding: Finding) => void;
  canFix?: (finding: Finding) => boolean;
  /** A fix is being applied: the fix buttons wait. */
  busy?: boolean;
}

/**
 * Findings, each with the language it is in, a button to the spot (when there
 * is one) and a one-click fix (when there is a sure one); past SHOWN_FINDINGS,
 * how many more.
 */
export function FindingList({ findings, onJump, onFix, canFix, busy = false }: Props) {
  const { t } = useTranslation();
  const message = useFindingMessage();
  const more = findings.length - SHOWN_FINDINGS;
  return (
    <ul className="findings">
      {findings.slice(0, SHOWN_FINDINGS).map((finding, index) => {
        const where = finding.lang ? language(finding.lang) : null;
        const canJump = finding.segment !== null || finding.source !== undefined;
        const fixable = onFix !== undefined && finding.fix !== undefined && (canFix?.(finding) ?? true);
        return (
          <li key={`${finding.code}-${finding.lang}-${finding.segment}-${index}`} className={`finding finding-${finding.severity}`}>
            <span className="finding-lang" lang={where?.tag} dir={where?.dir}>
              {where ? where.nativeName : t('export.articleWide')}
            </span>
            <span className="finding-message" dir="auto">
              {message(finding)}
            </span>
            <span className="finding-actions">
              {fixable && (
                <button type="button" className="finding-fix" disabled={busy} onClick={() => onFix(finding)}>
                  {t('export.fix')}
                </button>
              )}
              {canJump && (
                <button type="button" className="finding-jump" onClick={() => onJump(finding)}>
                  {t('export.goTo')}
                </button>
              )}
            </span>
          </li>
        );
      })}
      {more > 0 && <li className="finding finding-more">{t('export.moreFindings', { count: more })}</li>}
    </ul>
  );
}
