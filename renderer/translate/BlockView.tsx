import { memo } from 'react';
import type { SerializedNode } from '../../shared/article';
import { directionOf, type LanguageKey } from '../../shared/languages';
import { mediaUrl } from '../../shared/media';
import { blockToHtml } from '../../shared/render/body-html';
import { renderedHtml } from '../components/trusted-html';

/**
 * A saved block shown read-only, as it will be published: the one HTML
 * renderer of the export, whose every text and attribute is escaped and whose
 * links are checked, so its output is safe to place in the page (the CSP
 * forbids scripts as a second line, and lets only this Trusted Types policy
 * reach innerHTML).
 */
export const BlockView = memo(function BlockView({ node, lang }: { node: SerializedNode; lang: LanguageKey }) {
  return <div className="block-view" dangerouslySetInnerHTML={{ __html: renderedHtml(blockToHtml(node, { dir: directionOf(lang), imageSrc: mediaUrl })) }} />;
});
