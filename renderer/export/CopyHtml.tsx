import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Article, SerializedNode } from '../../shared/article';
import { parseSha256 } from '../../shared/editor/image/image-data';
import { LANGUAGE_KEYS, LANGUAGES, type LanguageKey } from '../../shared/languages';
import { MEDIA_EXTENSIONS, type MediaType } from '../../shared/media';
import { articleHtml } from '../../shared/render/article-html';
import { useApi } from '../api/context';
import { useToasts } from '../components/Toasts';
import { inertDocument } from '../components/trusted-html';
import { uiDigits } from '../i18n';

/** Every image an article shows (lead image and body images), by SHA-256; walked without recursion. */
function imagesOf(article: Article): string[] {
  const found = new Set<string>();
  if (article.meta.leadImage) found.add(article.meta.leadImage.sha256);
  for (const lang of LANGUAGE_KEYS) {
    const stack: SerializedNode[] = [...(article.versions[lang]?.body.root.children ?? [])];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const sha256 = node.type === 'image' ? parseSha256(node.sha256) : '';
      if (sha256) found.add(sha256);
      if (Array.isArray(node.children)) stack.push(...node.children);
    }
  }
  return [...found];
}

/**
 * The `<article>` of a version as the package's page has it, each image named
 * as the package's original of it, `media/<sha256>.<ext>`: relative, so the
 * HTML names no address of this machine (the CMS is given the package's
 * media folder, or relinks the images).
 */
function fragment(article: Article, lang: LanguageKey, types: ReadonlyMap<string, MediaType>): string {
  const lead = article.meta.leadImage;
  return articleHtml(
    article,
    lang,
    {
      digits: uiDigits(),
      image: (sha256) => {
        const type = types.get(sha256);
        return { src: `media/${sha256}${type ? `.${MEDIA_EXTENSIONS[type]}` : ''}`, width: lead?.sha256 === sha256 ? lead.width : 0, height: lead?.sha256 === sha256 ? lead.height : 0 };
      },
    },
    true,
  );
}

/**
 * Puts `html` and `plain` on the clipboard as they are, through a copy event.
 * Not navigator.clipboard.write: Chromium sanitises HTML written that way and
 * resolves every relative address against the page's, so `media/…` reached
 * the CMS as `http://127.0.0.1:PORT/media/…`. Runs in the click, which the
 * copy command needs.
 */
function copyAsIs(html: string, plain: string): boolean {
  let written = false;
  const onCopy = (event: ClipboardEvent) => {
    if (!event.clipboardData) return;
    event.clipboardData.setData('text/html', html);
    event.clipboardData.setData('text/plain', plain);
    event.preventDefault();
    written = true;
  };
  document.addEventListener('copy', onCopy);
  try {
    document.execCommand('copy');
  } finally {
    document.removeEventListener('copy', onCopy);
  }
  return written;
}

/** Copy HTML: one button per version, putting its HTML (and its plain text) on the clipboard for pasting into a CMS. */
export function CopyHtml({ article }: { article: Article }) {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
  // The type of every image, asked for once the dialog is open, so a click copies at once.
  const [types, setTypes] = useState<ReadonlyMap<string, MediaType>>(new Map());
  useEffect(() => {
    let cancelled = false;
    void Promise.all(imagesOf(article).map((sha256) => api.getMediaInfo({ sha256 }).then((info) => [sha256, info.mime] as const, () => null))).then((found) => {
      if (!cancelled) setTypes(new Map(found.filter((entry) => entry !== null)));
    });
    return () => {
      cancelled = true;
    };
  }, [api, article]);

  const copy = (lang: LanguageKey, name: string) => {
    const html = fragment(article, lang, types);
    const plain = inertDocument(html).body.textContent ?? '';
    if (copyAsIs(html, plain)) toasts.show(t('export.copied', { language: name }));
    else toasts.show(t('export.copyFailed'), { tone: 'error' });
  };
  const present = LANGUAGES.filter((l) => article.versions[l.key]);
  if (present.length === 0) return null;
  return (
    <div className="copy-html" role="group" aria-label={t('export.copyHtml')}>
      <span>{t('export.copyHtml')}</span>
      {present.map((l) => (
        <button key={l.key} type="button" onClick={() => copy(l.key, l.nativeName)}>
          {t('export.copy', { language: l.nativeName })}
        </button>
      ))}
    </div>
  );
}
