import type { IncomingMessage } from 'node:http';
import { PackageSourceError } from '../package/package-check';

/**
 * The base64 text of an importPackage request body, `{"dataBase64":"…"}`,
 * read as it arrives (issue 18 §4): the body of a 200 MiB package is never
 * held whole, decoded as UTF-8 or parsed as one JSON string on the server's
 * thread; the runs of the string go to the import's worker as they come,
 * and the request is read no faster than the worker takes them.
 *
 * The object's opening and its one member are matched in the first bytes
 * (whitespace allowed, as JSON allows); a body of another shape is read
 * whole and parsed as JSON as before (bounded by `limit`), and must still
 * be an object with that one string member. Inside the string, `\/` is a
 * slash; any other escape cannot be base64 and is passed on as a character
 * the worker refuses. What follows the string may only be whitespace and
 * the closing brace.
 */
const OPENING = /^\s*\{\s*"dataBase64"\s*:\s*"/;
/** The opening must be found within this many bytes. */
const OPENING_MAX = 256;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const notJson = () => new PackageSourceError('The request body is not valid JSON.', 400);

export async function* packageBodyText(req: IncomingMessage, limit: number): AsyncGenerator<string> {
  let size = 0;
  let head = '';
  let inString = false;
  let closed = false;
  let escaped = false;
  let tail = '';
  let whole: Buffer[] | null = null;
  for await (const data of req as AsyncIterable<Buffer>) {
    size += data.length;
    if (size > limit) throw new PackageSourceError(`The request body is larger than ${limit} bytes.`, 413);
    if (whole) {
      whole.push(data);
      continue;
    }
    let chunk = data;
    if (!inString && !closed) {
      head += chunk.toString('latin1');
      const opening = OPENING.exec(head);
      if (!opening) {
        if (head.length > OPENING_MAX) whole = [Buffer.from(head, 'latin1')];
        continue;
      }
      inString = true;
      chunk = Buffer.from(head.slice(opening[0].length), 'latin1');
      head = '';
    }
    if (closed) {
      tail += chunk.toString('latin1');
      if (tail.length > OPENING_MAX) throw notJson();
      continue;
    }
    // Inside the string: runs between escapes, up to the closing quote.
    let at = 0;
    while (at < chunk.length) {
      if (escaped) {
        escaped = false;
        yield chunk[at] === 0x2f ? '/' : '\\';
        at++;
        continue;
      }
      const quote = chunk.indexOf(QUOTE, at);
      const backslash = chunk.indexOf(BACKSLASH, at);
      const end = quote === -1 ? (backslash === -1 ? chunk.length : backslash) : backslash === -1 ? quote : Math.min(quote, backslash);
      if (end > at) yield chunk.toString('latin1', at, end);
      if (end === chunk.length) break;
      if (chunk[end] === BACKSLASH) {
        escaped = true;
        at = end + 1;
        continue;
      }
      closed = true;
      tail = chunk.toString('latin1', end + 1);
      break;
    }
  }
  if (whole) {
    const payload = parseWhole(Buffer.concat(whole));
    yield payload;
    return;
  }
  if (!closed || escaped || !/^\s*\}\s*$/.test(tail)) {
    if (!inString && head.length > 0) {
      yield parseWhole(Buffer.from(head, 'latin1'));
      return;
    }
    throw notJson();
  }
}

/** A body of another shape: parsed whole, and its one member's string taken. */
function parseWhole(body: Buffer): string {
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw notJson();
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new PackageSourceError('Invalid input: expected an object', 200);
  const keys = Object.keys(payload);
  const text = (payload as Record<string, unknown>)['dataBase64'];
  if (typeof text !== 'string') throw new PackageSourceError('Invalid input: dataBase64: expected a string', 200);
  if (keys.length !== 1) throw new PackageSourceError(`Invalid input: unrecognized key(s) in object: ${keys.filter((key) => key !== 'dataBase64').join(', ')}`, 200);
  return text;
}
