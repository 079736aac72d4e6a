import { isSha256 } from '../../media';
import { IMAGE_TEXT_LIMITS, parseDimension, type ImageData } from './image-data';

/**
 * Reads back a figure that renderImageFigure wrote: an <img> whose src is a
 * media-store path (`media/<sha256>`, or `/media/<sha256>` as the renderer
 * shows it). Anything else, a remote image above all, is not ours: null, so
 * nothing is ever fetched or kept from a foreign address.
 */
export function parseImageFigure(figure: HTMLElement): ImageData | null {
  const images = figure.getElementsByTagName('img');
  const img = images[0];
  if (images.length !== 1 || img === undefined) return null;
  const sha256 = /^\/?media\/([0-9a-f]{64})$/.exec(img.getAttribute('src') ?? '')?.[1];
  if (sha256 === undefined || !isSha256(sha256)) return null;

  const figcaption = figure.getElementsByTagName('figcaption')[0];
  const creditElement = figcaption?.getElementsByClassName('credit')[0];
  const credit = creditElement?.textContent ?? '';
  let caption = '';
  if (figcaption) {
    for (const child of Array.from(figcaption.childNodes)) if (child !== creditElement) caption += child.textContent ?? '';
  }
  return {
    sha256,
    width: dimension(img.getAttribute('width')),
    height: dimension(img.getAttribute('height')),
    alt: (img.getAttribute('alt') ?? '').slice(0, IMAGE_TEXT_LIMITS.alt),
    caption: caption.trim().slice(0, IMAGE_TEXT_LIMITS.caption),
    credit: credit.trim().slice(0, IMAGE_TEXT_LIMITS.credit),
  };
}

function dimension(value: string | null): number {
  return /^\d{1,5}$/.test(value ?? '') ? parseDimension(Number(value)) : 0;
}
