import { exportedImagePath, type ImageData } from './image-data';

/**
 * An image block as publishable HTML, built with the `document` it is given
 * (the browser's, or jsdom's in Node), so the exporter runs anywhere:
 *
 *   <figure><img src="media/<sha256>" alt width height>
 *     <figcaption>caption <span class="credit">credit</span></figcaption></figure>
 *
 * The credit is usually Latin inside a Kurdish caption: `dir="auto"` isolates
 * it, so "AP Photo/Khalid Mohammed" keeps its order at the end of an RTL line.
 */
export function renderImageFigure(data: ImageData, document: Document): HTMLElement {
  const figure = document.createElement('figure');
  const img = document.createElement('img');
  img.setAttribute('src', exportedImagePath(data.sha256));
  // Always present: an empty alt says "decorative" to a screen reader, a missing one makes it read the file name.
  img.setAttribute('alt', data.alt);
  if (data.width > 0) img.setAttribute('width', String(data.width));
  if (data.height > 0) img.setAttribute('height', String(data.height));
  figure.append(img);

  const caption = data.caption.trim();
  const credit = data.credit.trim();
  if (caption || credit) {
    const figcaption = document.createElement('figcaption');
    if (caption) figcaption.append(document.createTextNode(caption));
    if (caption && credit) figcaption.append(document.createTextNode(' '));
    if (credit) {
      const span = document.createElement('span');
      span.className = 'credit';
      span.dir = 'auto';
      span.textContent = credit;
      figcaption.append(span);
    }
    figure.append(figcaption);
  }
  return figure;
}
