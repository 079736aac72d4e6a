import { useEffect, useState } from 'react';
import { isLanguageKey, type LanguageKey } from '../shared/languages';

export type Route = { screen: 'library' } | { screen: 'article'; id: string; lang: LanguageKey | null };

/** Routes live in the URL hash so a reload (or a second window) reopens the same screen. */
export function parseRoute(hash: string): Route {
  const match = /^#\/article\/([0-9a-f-]{36})(?:\/([a-z]+))?$/.exec(hash);
  if (match?.[1]) return { screen: 'article', id: match[1], lang: isLanguageKey(match[2]) ? match[2] : null };
  return { screen: 'library' };
}

export function routeHash(route: Route): string {
  if (route.screen === 'article') return `#/article/${route.id}${route.lang ? `/${route.lang}` : ''}`;
  return '#/';
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
