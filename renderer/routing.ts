import { useEffect, useState } from 'react';
import { isLanguageKey, type LanguageKey } from '../shared/languages';

export type Route =
  | { screen: 'library' }
  | { screen: 'glossary' }
  | { screen: 'article'; id: string; lang: LanguageKey | null }
  /** The translation workspace: `to` is translated from `from` (null: the version's own source, else the article's). */
  | { screen: 'translate'; id: string; to: LanguageKey; from: LanguageKey | null };

const ARTICLE = /^#\/article\/([0-9a-f-]{36})(?:\/([a-z]+))?$/;
const TRANSLATE = /^#\/article\/([0-9a-f-]{36})\/translate\/([a-z]+)(?:\/from\/([a-z]+))?$/;

/** Routes live in the URL hash so a reload (or a second window) reopens the same screen. */
export function parseRoute(hash: string): Route {
  const translate = TRANSLATE.exec(hash);
  if (translate?.[1] && isLanguageKey(translate[2])) {
    return { screen: 'translate', id: translate[1], to: translate[2], from: isLanguageKey(translate[3]) ? translate[3] : null };
  }
  const match = ARTICLE.exec(hash);
  if (match?.[1]) return { screen: 'article', id: match[1], lang: isLanguageKey(match[2]) ? match[2] : null };
  if (hash === '#/glossary') return { screen: 'glossary' };
  return { screen: 'library' };
}

export function routeHash(route: Route): string {
  switch (route.screen) {
    case 'article':
      return `#/article/${route.id}${route.lang ? `/${route.lang}` : ''}`;
    case 'translate':
      return `#/article/${route.id}/translate/${route.to}${route.from ? `/from/${route.from}` : ''}`;
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
