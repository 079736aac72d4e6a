import { MessageType, type HocuspocusProvider } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';

/**
 * Proof, after each (re)connection, that the server holds everything this
 * document held: the provider's own "synced, nothing unsent" is not enough.
 *
 * On reconnecting, the provider resets its count of unacknowledged changes
 * to one, although every edit made offline is still queued to go out one
 * message each: the first acknowledgement brings the count to zero and the
 * provider looks synced while thousands of edits are still on their way
 * (measured by `npm run bench -- --server`: "synced" ~0.7 s before another
 * desk had them all). A desk saying "Synced" must mean it: a reporter closes
 * the laptop on it.
 *
 * So, once the provider looks synced after a connection, a sync step 1 is
 * sent again. The server answers messages in the order they came: its own
 * step 1 in reply comes after it has applied everything sent before; the
 * provider answers that with a step 2 holding whatever the server still
 * lacks (deletions included); once the server acknowledges that step 2, and
 * every message sent in between, the server holds all the document held.
 * Edits after that are acknowledged one by one, as the provider counts them.
 */
export class SyncProof {
  private proven = false;
  /** Acknowledged kinds of message sent since the proof's step 1 until the server's step 1 came (updates, steps 2). */
  private sent = 0;
  /** How many acknowledgements complete the proof (known when the server's step 1 comes). */
  private needed: number | null = null;
  private acknowledged = 0;
  private stage: 'idle' | 'asked' | 'answered' = 'idle';
  private failed = false;

  constructor(
    private readonly provider: HocuspocusProvider,
    private readonly onProven: () => void,
  ) {
    provider.on('message', this.onIncoming);
    provider.on('outgoingMessage', this.onOutgoing);
    provider.on('close', this.reset);
  }

  get done(): boolean {
    return this.proven;
  }

  /** Starts the proof unless it is under way or done (the provider looks synced). */
  request(): void {
    if (this.proven || this.stage !== 'idle') return;
    this.stage = 'asked';
    this.sent = 0;
    this.acknowledged = 0;
    this.needed = null;
    this.failed = false;
    this.provider.forceSync();
  }

  stop(): void {
    this.provider.off('message', this.onIncoming);
    this.provider.off('outgoingMessage', this.onOutgoing);
    this.provider.off('close', this.reset);
  }

  private readonly reset = () => {
    this.proven = false;
    this.stage = 'idle';
  };

  private readonly onOutgoing = ({ message }: { message: { toUint8Array(): Uint8Array } }) => {
    if (this.stage !== 'asked') return;
    const kind = syncKind(message.toUint8Array());
    if (kind === messageYjsSyncStep2 || kind === messageYjsUpdate) this.sent += 1;
  };

  private readonly onIncoming = ({ message }: { message: { decoder: decoding.Decoder } }) => {
    if (this.stage === 'idle') return;
    const decoder = message.decoder;
    decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.Sync && this.stage === 'asked' && decoding.readVarUint(decoder) === messageYjsSyncStep1) {
      // Everything sent before the proof's step 1 is applied and acknowledged by now: the acknowledgements
      // from here are those of what was sent after it, in order, then of the step 2 the provider answers
      // this with, at once (in the same turn, so nothing is sent in between; it is not counted above, its
      // bytes being out of reach in the event).
      this.stage = 'answered';
      this.acknowledged = 0;
      this.needed = this.sent + 1;
    } else if (type === MessageType.SyncStatus && this.stage === 'answered') {
      if (decoding.readVarInt(decoder) !== 1) this.failed = true;
      this.acknowledged += 1;
      if (this.needed !== null && this.acknowledged >= this.needed) {
        this.stage = 'idle';
        // Refused (a read-only document holding what the server has not): proven at the next connection, not now.
        this.proven = !this.failed;
        if (this.proven) this.onProven();
      }
    }
  };
}

/** The sync message kind of an outgoing provider message (routing key, type, kind), or null. */
function syncKind(bytes: Uint8Array): number | null {
  try {
    const decoder = decoding.createDecoder(bytes);
    decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== MessageType.Sync) return null;
    return decoding.readVarUint(decoder);
  } catch {
    return null;
  }
}
