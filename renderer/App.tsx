import { AppBar } from './components/AppBar';
import { ArticleScreen } from './editor/ArticleScreen';
import { GlossaryScreen } from './glossary/GlossaryScreen';
import { LibraryScreen } from './library/LibraryScreen';
import { useRoute } from './routing';
import { TranslateScreen } from './translate/TranslateScreen';

export function App() {
  const route = useRoute();
  return (
    <>
      <AppBar />
      {route.screen === 'article' ? (
        <ArticleScreen key={route.id} id={route.id} lang={route.lang} at={route.at ?? null} />
      ) : route.screen === 'translate' ? (
        <TranslateScreen key={`${route.id}-${route.to}-${route.from ?? ''}`} id={route.id} to={route.to} from={route.from} at={route.at ?? null} />
      ) : route.screen === 'glossary' ? (
        <GlossaryScreen />
      ) : (
        <LibraryScreen />
      )}
    </>
  );
}
