import fs from 'node:fs';
import path from 'node:path';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { MediaType } from '../../shared/media';
import { writeFileAtomically } from '../store/media-files';
import { webRendition } from './image-rendition';

/**
 * The worker thread that makes web renditions when images enter the library
 * (the rendition scheduler, renditions.ts, starts it and queues the jobs), so the 1–2 s of
 * pure-JavaScript decoding, scaling and encoding never blocks Electron's main
 * process or browser mode's server. Built as its own entry beside
 * out/main/index.js and web.js (electron.vite.config.ts).
 *
 * It runs the very webRendition() that export falls back on: the same
 * original gives the same bytes whichever thread made them.
 */

/** A job: the stored original, where its rendition goes, and a flag to raise when done. */
export interface RenditionJobMessage {
  id: number;
  mediaFile: string;
  cacheFile: string;
  mime: MediaType;
  width: number;
  height: number;
  /** Int32Array over a SharedArrayBuffer: set to 1 and notified once the answer has been posted (export may be waiting on it, blocked). */
  done: Int32Array;
}

/**
 * - made: the rendition is in cacheFile;
 * - none: the decoder cannot read the image, or it needs none (the original serves);
 * - failed: something else went wrong (reading the original, writing the cache): export makes it itself.
 */
export interface RenditionJobAnswer {
  id: number;
  outcome: 'made' | 'none' | 'failed';
  error?: string;
}

export interface RenditionWorkerData {
  /** The port jobs come in on and answers go out on (renditions.ts reads it synchronously while export waits). */
  port: MessagePort;
}

function run(job: RenditionJobMessage): RenditionJobAnswer {
  try {
    const original = fs.readFileSync(job.mediaFile);
    const made = webRendition(original, job.mime, job.width, job.height);
    if (!made) return { id: job.id, outcome: 'none' };
    // Not recursive: a library folder deleted meanwhile is not created again.
    try {
      fs.mkdirSync(path.dirname(job.cacheFile));
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
    }
    writeFileAtomically(job.cacheFile, made.data);
    return { id: job.id, outcome: 'made' };
  } catch (error) {
    return { id: job.id, outcome: 'failed', error: error instanceof Error ? error.message : String(error) };
  }
}

const { port } = (workerData ?? {}) as Partial<RenditionWorkerData>;
if (parentPort && port) {
  port.on('message', (job: RenditionJobMessage) => {
    let answer: RenditionJobAnswer = { id: job.id, outcome: 'failed', error: 'not run' };
    try {
      answer = run(job);
    } finally {
      // The answer first, then the flag: whoever wakes on the flag finds the answer on the port.
      port.postMessage(answer);
      Atomics.store(job.done, 0, 1);
      Atomics.notify(job.done, 0);
    }
  });
}
