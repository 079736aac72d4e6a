import { AppBar } from './components/AppBar';
import { ErrorBoundary, ScreenFallback } from './components/ErrorBoundary';
import { ArticleScreen } from './editor/ArticleScreen';
import { GlossaryScreen } from './glossary/GlossaryScreen';
import { LibraryScreen } from './library/LibraryScreen';
import { useRoute } from './routing';
import { TranslateScreen } from './translate/TranslateScreen';

export function App() {
  const route = useRoute();
  // Each screen in a boundary of its own, started afresh on every route: a screen that fails says so, and the
  // app bar (the interface language) and every other screen go on working.
  const key = route.screen === 'article' ? `article-${route.id}` : route.screen === 'translate' ? `translate-${route.id}-${route.to}-${route.from ?? ''}` : route.screen;
  return (
    <>
      <AppBar />
      <ErrorBoundary key={key} fallback={(error, reset) => <ScreenFallback error={error} onRetry={reset} />}>
        {route.screen === 'article' ? (
          <ArticleScreen key={route.id} id={route.id} lang={route.lang} at={route.at ?? null} />
        ) : route.screen === 'translate' ? (
          <TranslateScreen key={`${route.id}-${route.to}-${route.from ?? ''}`} id={route.id} to={route.to} from={route.from} at={route.at ?? null} />
        ) : route.screen === 'glossary' ? (
          <GlossaryScreen />
        ) : (
          <LibraryScreen />
        )}
      </ErrorBoundary>
    </>
  );
}
