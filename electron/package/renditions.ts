import fs from 'node:fs';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { MEDIA_EXTENSIONS, type MediaInfo, type MediaType } from '../../shared/media';
import type { Library } from '../store/library';
import { mediaFilePath, writeFileAtomically } from '../store/media-files';
import { readImageHeader } from './image-header';
import { needsWebRendition, webRendition, WEB_RENDITION_KEY, WEB_RENDITION_WIDTH, type Rendition } from './image-rendition';
import type { RenditionJobAnswer, RenditionJobMessage } from './rendition-worker';
import { defaultWorkerScript, startWorkerScript } from './worker-script';

/**
 * Web renditions, made when an image enters the library (importMedia,
 * importPackage) in a worker thread, kept in a cache folder of the library,
 * and read back by export. One scheduler per open library (the service
 * table's context makes it), with its own worker.
 */

/** Web renditions are kept here, named by the original's SHA-256 and the rendition's parameters, so an export never decodes what was decoded before. */
export const RENDITION_CACHE_DIR = 'renditions';

export function renditionFile(library: Pick<Library, 'dir'>, sha256: string, mime: MediaType): string {
  return path.join(library.dir, RENDITION_CACHE_DIR, `${sha256}.${WEB_RENDITION_KEY}.${MEDIA_EXTENSIONS[mime]}`);
}

/** What the rendition machinery did for a library: read by tests and the bench (no timing involved). */
export interface RenditionCounts {
  /** Renditions the worker made and wrote into the cache. */
  madeByWorker: number;
  /** Renditions decoded in the calling thread at export: the worker had not got to it, failed, or was not there. */
  madeAtExport: number;
  /** Jobs lost to a worker that could not start, crashed or exited. */
  workerFailures: number;
}

/** An image as export has it: its record and the original's bytes. */
export interface StoredImage {
  sha256: string;
  mime: MediaType;
  width: number;
  height: number;
  data: Uint8Array;
}

export interface RenditionScheduler {
  /** Queues the web rendition of a newly imported image (importMedia, importPackage), unless it needs none, has one, or one is on its way. */
  schedule(info: Pick<MediaInfo, 'sha256' | 'mime' | 'width' | 'height'>): void;
  /**
   * The web renditions of stored images, for export, in their order: from the
   * cache the imports filled; made here (and cached) when never made or the
   * worker failed; waited for when the worker is making one now. Those are
   * waited for last, so whatever has to be made here is made meanwhile, on the
   * other core. The cache is only a speed-up: failing to use it is never an
   * error, and every path gives the same bytes.
   */
  webRenditionsOf(images: readonly StoredImage[]): (Rendition | null)[];
  /** Resolves once none of the library's renditions is queued or being made (tests, the bench). */
  settled(): Promise<void>;
  counts(): Readonly<RenditionCounts>;
  /**
   * Which script the worker runs: a built .js, or the .ts source (run by
   * Node's type stripping, extensionless imports resolved by a hook), as the
   * bench needs; null for the default. Ends the current worker; the next job
   * starts one with the new script.
   */
  useWorkerScript(script: URL | null): void;
  /** Ends the worker now (an idle one ends by itself after a while); jobs still queued are dropped (export makes those renditions). */
  close(): void;
}

export interface RenditionSchedulerOptions {
  /** The worker's script (see useWorkerScript); default the built one beside the app, or the source. */
  workerScript?: URL | null;
}

type JobState = 'queued' | 'running' | 'made' | 'none' | 'failed';

interface Job {
  id: number;
  sha256: string;
  mime: MediaType;
  width: number;
  height: number;
  state: JobState;
  /** Raised to 1 by the worker once its answer is on the port; a new one each time the job is handed to a worker. */
  done: Int32Array;
  settled: Promise<void>;
  settle: () => void;
}

interface RenditionThread {
  thread: Worker;
  port: MessagePort;
}

/** An idle worker is ended after this long; the next import starts another. */
const WORKER_IDLE_MS = 30_000;
/** After this many worker failures in a row the worker is not started again: export makes renditions itself, as before. */
const WORKER_FAILURE_LIMIT = 3;

const newFlag = () => new Int32Array(new SharedArrayBuffer(4));

function readCachedRendition(file: string, mime: MediaType): Rendition | null {
  try {
    const cached = fs.readFileSync(file);
    const header = readImageHeader(cached);
    if (header.ok && header.mime === mime && header.mime !== 'image/webp' && header.width <= WEB_RENDITION_WIDTH) {
      return { data: cached, mime: header.mime, width: header.width, height: header.height };
    }
  } catch {
    // Not made (or unreadable): made by the caller.
  }
  return null;
}

/**
 * The rendition scheduler of one open library. One worker, one job at a
 * time: decoding a large JPEG takes hundreds of megabytes, and a second core
 * is left to the app itself.
 */
export function createRenditionScheduler(library: Pick<Library, 'dir' | 'mediaDir' | 'db'>, options: RenditionSchedulerOptions = {}): RenditionScheduler {
  /** By original: jobs queued or running, and images the decoder cannot read ('none': no second try this session). */
  const jobs = new Map<string, Job>();
  const counts: RenditionCounts = { madeByWorker: 0, madeAtExport: 0, workerFailures: 0 };
  const queue: Job[] = [];
  let running: Job | null = null;
  let worker: RenditionThread | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let pumpScheduled = false;
  let failuresInARow = 0;
  let nextJobId = 1;
  let workerScript: URL | null | undefined = options.workerScript ?? undefined;

  function startWorker(): RenditionThread {
    if (workerScript === undefined) workerScript = defaultWorkerScript('rendition-worker', import.meta.url);
    if (!workerScript) throw new Error('The rendition worker script is not there.');
    const { port1, port2 } = new MessageChannel();
    const thread = startWorkerScript(workerScript, { name: 'qelem-renditions', workerData: { port: port2 }, transferList: [port2] });
    const started: RenditionThread = { thread, port: port1 };
    port1.on('message', (answer: RenditionJobAnswer) => onAnswer(answer));
    thread.on('error', () => workerGone(started));
    thread.on('exit', () => workerGone(started));
    // An idle worker does not keep the process alive; one making a rendition does (pump()).
    port1.unref();
    thread.unref();
    return started;
  }

  function stopWorker(): void {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    const stopping = worker;
    worker = null;
    if (!stopping) return;
    stopping.port.close();
    void stopping.thread.terminate();
    // A job it was making is made again by the next worker.
    if (running) {
      running.state = 'queued';
      queue.unshift(running);
      running = null;
      schedulePump();
    }
  }

  /** The worker failed to start, crashed or exited: its job is lost (export makes that rendition itself). */
  function workerGone(gone: RenditionThread): void {
    if (worker !== gone) return;
    worker = null;
    failuresInARow++;
    if (running) {
      counts.workerFailures++;
      finish(running, 'failed');
      running = null;
    }
    if (failuresInARow >= WORKER_FAILURE_LIMIT) {
      for (const job of queue.splice(0)) finish(job, 'failed');
    } else {
      schedulePump();
    }
  }

  function onAnswer(answer: RenditionJobAnswer): void {
    if (!running || running.id !== answer.id) return;
    const job = running;
    running = null;
    failuresInARow = 0;
    if (answer.outcome === 'made') counts.madeByWorker++;
    finish(job, answer.outcome);
    schedulePump();
  }

  function finish(job: Job, state: 'made' | 'none' | 'failed'): void {
    job.state = state;
    // 'made': the cache has it; 'failed': export makes it; 'none': remembered, so nobody decodes it again.
    if (state !== 'none' && jobs.get(job.sha256) === job) jobs.delete(job.sha256);
    job.settle();
  }

  function schedulePump(): void {
    if (pumpScheduled) return;
    pumpScheduled = true;
    setImmediate(() => {
      pumpScheduled = false;
      pump();
    });
  }

  /** Hands the next job to the worker, starting it if need be; ends an idle worker after a while. */
  function pump(): void {
    if (running) return;
    // The library closed meanwhile (switched, or its test is over): nothing to make for it.
    if (!library.db.isOpen) for (const job of queue.splice(0)) finish(job, 'failed');
    const job = queue.shift();
    if (!job) {
      if (worker && !idleTimer) {
        worker.thread.unref();
        idleTimer = setTimeout(stopWorker, WORKER_IDLE_MS);
        idleTimer.unref();
      }
      return;
    }
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    try {
      worker ??= startWorker();
    } catch {
      counts.workerFailures++;
      failuresInARow++;
      finish(job, 'failed');
      if (failuresInARow >= WORKER_FAILURE_LIMIT) for (const rest of queue.splice(0)) finish(rest, 'failed');
      else schedulePump();
      return;
    }
    job.state = 'running';
    job.done = newFlag();
    running = job;
    // A script that imports an image and ends does not lose the rendition half-made.
    worker.thread.ref();
    const message: RenditionJobMessage = {
      id: job.id,
      mediaFile: mediaFilePath(library.mediaDir, job.sha256, job.mime),
      cacheFile: renditionFile(library, job.sha256, job.mime),
      mime: job.mime,
      width: job.width,
      height: job.height,
      done: job.done,
    };
    worker.port.postMessage(message);
  }

  /**
   * Waits, blocking this thread, for the worker to finish a job it is making
   * (export is synchronous; it would otherwise decode the same image a second
   * time, for longer). Answers are read off the port directly: the event loop
   * is not running meanwhile. Gives up after a time that grows with the image,
   * so a worker that died silently costs a wait, never a hang.
   */
  function waitFor(job: Job): void {
    const giveUpAt = performance.now() + 5_000 + (job.width * job.height) / 1_000;
    while (job.state === 'running' && worker) {
      const left = giveUpAt - performance.now();
      if (left <= 0) return;
      let woken: string;
      try {
        woken = Atomics.wait(job.done, 0, 0, Math.min(left, 1_000));
      } catch {
        // This thread may not block (Atomics.wait refused): the caller makes it.
        return;
      }
      for (let received = receiveMessageOnPort(worker.port); received; received = worker ? receiveMessageOnPort(worker.port) : undefined) {
        onAnswer(received.message as RenditionJobAnswer);
      }
      // The flag is up but no answer came with it: never spin on it.
      if (woken !== 'timed-out' && job.state === 'running') return;
    }
  }

  function renditionOf(image: StoredImage): Rendition | null {
    const { sha256, mime, width, height } = image;
    if (!needsWebRendition(mime, width, height)) return null;
    const job = jobs.get(sha256);
    let takenOver: Job | null = null;
    if (job?.state === 'running') waitFor(job);
    else if (job?.state === 'queued') {
      // Not started: made here rather than after the jobs ahead of it.
      const at = queue.indexOf(job);
      if (at >= 0) queue.splice(at, 1);
      takenOver = job;
    }
    if (job?.state === 'none') return null;
    const file = renditionFile(library, sha256, mime);
    const cached = readCachedRendition(file, mime);
    if (cached) return cached;

    const made = webRendition(image.data, mime, width, height);
    counts.madeAtExport++;
    if (made) {
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        writeFileAtomically(file, made.data);
      } catch {
        // A read-only or full disk: the next export makes it again.
      }
    }
    if (takenOver) finish(takenOver, made ? 'made' : 'none');
    return made;
  }

  return {
    schedule(info) {
      if (!needsWebRendition(info.mime, info.width, info.height) || failuresInARow >= WORKER_FAILURE_LIMIT) return;
      if (jobs.has(info.sha256) || fs.existsSync(renditionFile(library, info.sha256, info.mime))) return;
      let settle = () => {};
      const settled = new Promise<void>((resolve) => (settle = resolve));
      const job: Job = {
        id: nextJobId++,
        sha256: info.sha256,
        mime: info.mime,
        width: info.width,
        height: info.height,
        state: 'queued',
        done: newFlag(),
        settled,
        settle,
      };
      jobs.set(info.sha256, job);
      queue.push(job);
      // Not now: the import answers first.
      schedulePump();
    },

    webRenditionsOf(images) {
      const inWorker = (image: StoredImage) => jobs.get(image.sha256)?.state === 'running';
      const result = new Map<StoredImage, Rendition | null>();
      for (const image of [...images.filter((i) => !inWorker(i)), ...images.filter(inWorker)]) result.set(image, renditionOf(image));
      return images.map((image) => result.get(image) ?? null);
    },

    async settled() {
      for (;;) {
        const pending = [...jobs.values()].filter((job) => job.state === 'queued' || job.state === 'running');
        if (pending.length === 0) return;
        await Promise.all(pending.map((job) => job.settled));
      }
    },

    counts: () => ({ ...counts }),

    useWorkerScript(script) {
      workerScript = script ?? undefined;
      failuresInARow = 0;
      stopWorker();
    },

    close() {
      for (const job of queue.splice(0)) finish(job, 'failed');
      stopWorker();
      // A job it was making was queued again by stopWorker: dropped too.
      for (const job of queue.splice(0)) finish(job, 'failed');
    },
  };
}
