import { AppBar } from './components/AppBar';
import { ArticleScreen } from './editor/ArticleScreen';
import { LibraryScreen } from './library/LibraryScreen';
import { useRoute } from './routing';

export function App() {
  const route = useRoute();
  return (
    <>
      <AppBar />
      {route.screen === 'article' ? <ArticleScreen key={route.id} id={route.id} lang={route.lang} /> : <LibraryScreen />}
    </>
  );
}
