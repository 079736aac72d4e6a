/** Toolbar icons: drawn, so no glyph or label escapes translation. `currentColor` follows the button. */
const PATHS = {
  undo: 'M9 7H4V2M4 7a8 8 0 1 1 2 9',
  redo: 'M15 7h5V2M20 7a8 8 0 1 0-2 9',
  bold: 'M7 4h6a4 4 0 0 1 0 8H7zM7 12h7a4 4 0 0 1 0 8H7z',
  italic: 'M10 4h8M6 20h8M14 4l-4 16',
  h2: 'M4 5v14M12 5v14M4 12h8M16 10a2.5 2.5 0 1 1 4 2l-4 5h4.5',
  h3: 'M4 5v14M12 5v14M4 12h8M16 9.5a2.2 2.2 0 1 1 2.5 3 2.2 2.2 0 1 1-2.5 3',
  paragraph: 'M13 4v16M17 4v16M19 4H9.5a4.5 4.5 0 0 0 0 9H13',
  quote: 'M5 11h5v6H4v-5c0-4 2-6 5-7M14 11h5v6h-6v-5c0-4 2-6 5-7',
  pullQuote: 'M3 4h18M3 20h18M6 10h4v4H6zM14 10h4v4h-4z',
  bullet: 'M9 6h11M9 12h11M9 18h11M4.5 6h.01M4.5 12h.01M4.5 18h.01',
  number: 'M10 6h10M10 12h10M10 18h10M4 4v4M3 12.5a1.5 1.5 0 1 1 2.5 1L3 16h3M3 18h3',
  link: 'M10 14a4 4 0 0 0 6 0l3-3a4 4 0 0 0-6-6l-1 1M14 10a4 4 0 0 0-6 0l-3 3a4 4 0 0 0 6 6l1-1',
  direction: 'M4 8h14l-3-3M20 16H6l3 3',
  image: 'M4 5h16v14H4zM4 16l5-5 4 4 2.5-2.5L20 17M15.5 9h.01',
} as const;

export type IconName = keyof typeof PATHS;

/** Icons whose drawing points along the line of text (undo turns back against the reading direction). */
const DIRECTIONAL = new Set<IconName>(['undo', 'redo']);

export function Icon({ name }: { name: IconName }) {
  return (
    <svg className={DIRECTIONAL.has(name) ? 'icon icon-directional' : 'icon'} viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
