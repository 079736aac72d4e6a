import { randomBytes } from 'node:crypto';
import type { Article } from '../shared/article';
import { readImageHeader } from '../electron/package/image-header';
import { webRendition } from '../electron/package/image-rendition';
import { buildPackage, imagesOf, type PackageImage } from '../electron/package/package';
import { loadPackageFonts } from '../electron/package/package-css';
import { packageDocuments, seedWithImages, sha256, testJpeg } from './unit/export-package-fixtures';

/**
 * A real export package of the seed article made as large as wanted: its
 * English body takes `count` more pictures of `imageBytes` each (a small
 * JPEG followed by random bytes, which a JPEG reader ignores and nothing
 * compresses), so every check of an import (manifest hashes, image
 * hashes and headers, the files written) runs on all of it. Shared by the
 * import's unit tests and the bench (case 9).
 */
export function largePackage(count: number, imageBytes: number, options: { id?: string } = {}): { zip: Buffer; article: Article } {
  const seed = seedWithImages();
  const article = structuredClone(seed.article);
  if (options.id) article.id = options.id;
  const version = Object.values(article.versions).find((v) => v?.body.root.children.some((block) => block.type === 'image'));
  if (!version) throw new Error('The seed article has no picture in its body.');
  const body = version.body.root.children;
  const template = body.find((block) => block.type === 'image')!;
  const extra: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const small = testJpeg(64, 48, 1_000 + i);
    const data = Buffer.concat([small, randomBytes(Math.max(0, imageBytes - small.length))]);
    extra.push(data);
    const seg = `bulk${String(i).padStart(8, '0')}`;
    body.push({ ...template, sha256: sha256(data), width: 64, height: 48, $: { ...(template['$'] as Record<string, unknown>), seg } });
  }
  const byHash = new Map([seed.lead, seed.body, ...extra].map((data) => [sha256(data), data]));
  const images: PackageImage[] = imagesOf(article).map((sha) => {
    const data = byHash.get(sha)!;
    const header = readImageHeader(data);
    if (!header.ok) throw new Error('A picture of the large package is not an image.');
    return { sha256: sha, mime: header.mime, width: header.width, height: header.height, data, web: data === seed.lead ? webRendition(data, header.mime, header.width, header.height) : null };
  });
  const zip = buildPackage({ article, documents: packageDocuments(article), images, fonts: loadPackageFonts({ kurdish: true }), digits: 'ascii', acceptance: { acceptedWarnings: [], note: '', workingCopy: false } });
  return { zip, article };
}
