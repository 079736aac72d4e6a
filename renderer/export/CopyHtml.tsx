import { useTranslation } from 'react-i18next';
import type { Article } from '../../shared/article';
import { exportedImagePath } from '../../shared/editor/image/image-data';
import { LANGUAGES, type LanguageKey } from '../../shared/languages';
import { articleHtml } from '../../shared/render/article-html';
import { useToasts } from '../components/Toasts';
import { uiDigits } from '../i18n';

/** The `<article>` of a version as the package's page has it, with images named as in the package (`media/<sha256>`). */
function fragment(article: Article, lang: LanguageKey): string {
  const lead = article.meta.leadImage;
  return articleHtml(
    article,
    lang,
    {
      digits: uiDigits(),
      image: (sha256) => ({ src: exportedImagePath(sha256), width: lead?.sha256 === sha256 ? lead.width : 0, height: lead?.sha256 === sha256 ? lead.height : 0 }),
    },
    true,
  );
}

/** Copy HTML: one button per version, putting its HTML (and its plain text) on the clipboard for pasting into a CMS. */
export function CopyHtml({ article }: { article: Article }) {
  const { t } = useTranslation();
  const toasts = useToasts();
  const copy = async (lang: LanguageKey, name: string) => {
    const html = fragment(article, lang);
    const plain = new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '';
    try {
      await navigator.clipboard.write([new ClipboardItem({ 'text/html': new Blob([html], { type: 'text/html' }), 'text/plain': new Blob([plain], { type: 'text/plain' }) })]);
      toasts.show(t('export.copied', { language: name }));
    } catch (error) {
      toasts.show(t('export.copyFailed', { reason: error instanceof Error ? error.message : String(error) }), { tone: 'error' });
    }
  };
  const present = LANGUAGES.filter((l) => article.versions[l.key]);
  if (present.length === 0) return null;
  return (
    <div className="copy-html" role="group" aria-label={t('export.copyHtml')}>
      <span>{t('export.copyHtml')}</span>
      {present.map((l) => (
        <button key={l.key} type="button" onClick={() => void copy(l.key, l.nativeName)}>
          {t('export.copy', { language: l.nativeName })}
        </button>
      ))}
    </div>
  );
}
