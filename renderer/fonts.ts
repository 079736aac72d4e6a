// Bundled faces, so nothing is fetched from the network. Whole families, not
// only their `arabic` subsets, which lack ASCII punctuation (kurdish-text.md).
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/700.css';
import '@fontsource/noto-sans-arabic/400.css';
import '@fontsource/noto-sans-arabic/700.css';
import '@fontsource/noto-naskh-arabic/400.css';
import '@fontsource/noto-naskh-arabic/700.css';
