/** A File's bytes as standard base64, read by the browser (no copy through a JS string of bytes). */
export function readFileAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      // A data URL: "data:<type>;base64,<data>"; an empty file gives "data:" with nothing after the comma.
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

/** What the file pickers offer; the media store decides from the bytes anyway. */
export const IMAGE_ACCEPT = 'image/jpeg,image/png,image/webp';
