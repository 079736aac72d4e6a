import { useEffect, useState } from 'react';
import { isLanguageKey, type LanguageKey } from '../shared/languages';

export type Route =
  | { screen: 'library' }
  | { screen: 'glossary' }
  /** `at`: a segment (field name or block id) to bring into view with the caret in it. */
  | { screen: 'article'; id: string; lang: LanguageKey | null; at?: string }
  /** The translation workspace: `to` is translated from `from` (null: the version's own source, else the article's); `at` opens a row. */
  | { screen: 'translate'; id: string; to: LanguageKey; from: LanguageKey | null; at?: string };

const AT = '(?:\\/at\\/([A-Za-z0-9]{1,40}))?';
const ARTICLE = new RegExp(`^#\\/article\\/([0-9a-f-]{36})(?:\\/([a-z]+))?${AT}$`);
const TRANSLATE = new RegExp(`^#\\/article\\/([0-9a-f-]{36})\\/translate\\/([a-z]+)(?:\\/from\\/([a-z]+))?${AT}$`);
const at = (value: string | undefined) => (value ? { at: value } : {});

/** Routes live in the URL hash so a reload (or a second window) reopens the same screen. */
export function parseRoute(hash: string): Route {
  const translate = TRANSLATE.exec(hash);
  if (translate?.[1] && isLanguageKey(translate[2])) {
    return { screen: 'translate', id: translate[1], to: translate[2], from: isLanguageKey(translate[3]) ? translate[3] : null, ...at(translate[4]) };
  }
  const match = ARTICLE.exec(hash);
  if (match?.[1]) return { screen: 'article', id: match[1], lang: isLanguageKey(match[2]) ? match[2] : null, ...at(match[3]) };
  if (hash === '#/glossary') return { screen: 'glossary' };
  return { screen: 'library' };
}

export function routeHash(route: Route): string {
  switch (route.screen) {
    case 'article':
      return `#/article/${route.id}${route.lang ? `/${route.lang}` : ''}${route.at ? `/at/${route.at}` : ''}`;
    case 'translate':
      return `#/article/${route.id}/translate/${route.to}${route.from ? `/from/${route.from}` : ''}${route.at ? `/at/${route.at}` : ''}`;
    case 'glossary':
      return '#/glossary';
    case 'library':
      return '#/';
  }
}

export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const hash = routeHash(route);
  if (options.replace) {
    history.replaceState(null, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = hash;
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
