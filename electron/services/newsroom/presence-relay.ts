import { MessageType, type HocuspocusProvider } from '@hocuspocus/provider';
import * as encoding from 'lib0/encoding';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type * as Y from 'yjs';

/** The origin of presence applied to the hub from the server. */
const FROM_SERVER = 'newsroom';
/** The origin of the windows' presence stamped anew to be sent again. */
const RESENT = 'newsroom-resend';

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * An awareness message of the Hocuspocus protocol carrying an update encoded
 * elsewhere (the hub's presence, which is not the provider's own awareness).
 */
class PresenceMessage {
  encoder = encoding.createEncoder();
  type = MessageType.Awareness;
  description = "Presence of this desk's windows";

  get(args: { documentName?: string; update?: Uint8Array }): encoding.Encoder {
    encoding.writeVarString(this.encoder, args.documentName ?? '');
    encoding.writeVarUint(this.encoder, this.type);
    encoding.writeVarUint8Array(this.encoder, args.update ?? new Uint8Array());
    return this.encoder;
  }

  toUint8Array(): Uint8Array<ArrayBuffer> {
    return new Uint8Array(encoding.toUint8Array(this.encoder));
  }
}

/**
 * An awareness update of `clients` as `source` holds them, each with the clock
 * `clockOf` gives. Awareness takes a state only with a clock above the one it
 * last saw of that client, and a removal made by someone else (a socket
 * closing) leaves that clock where it was: the same state sent again after a
 * reconnect, with the same clock, would be ignored.
 */
function stamped(source: Awareness, clients: readonly number[], clockOf: (client: number, clock: number, state: unknown) => number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, clients.length);
  for (const client of clients) {
    const state = source.getStates().get(client) ?? null;
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clockOf(client, source.meta.get(client)?.clock ?? 0, state));
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}

/**
 * The provider's presence, kept apart from the hub's and relayed both ways.
 *
 * The provider is given an awareness of its own because, whenever its socket
 * closes, it removes every state but its own from its awareness: had it the
 * hub's, this desk's own windows would vanish from one another and from the
 * server until each renewed its state (15 s). So: what the server sends lands
 * in the provider's awareness and is passed on to the hub (its removals on a
 * close too: the others' presence is not known offline); what the windows set
 * in the hub is sent to the server; and once synced again after a reconnect,
 * the windows' presence is sent anew (a restarted server, or another
 * instance, knows nobody here). Clocks are stamped so that every receiver
 * takes a state seen, removed and seen again (see `stamped`).
 *
 * Returns what the provider is to be made with, and how to stop relaying.
 */
export function presenceRelay(
  doc: Y.Doc,
  hub: Awareness,
  windowClients: () => number[],
): { awareness: Awareness; attach: (provider: HocuspocusProvider) => void; stop: () => void } {
  const own = new Awareness(doc);
  // The main process has no presence of its own to announce.
  own.setLocalState(null);
  let provider: HocuspocusProvider | null = null;

  const send = (clients: number[]) => {
    if (provider && clients.length > 0) provider.send(PresenceMessage, { documentName: provider.configuration.name, update: encodeAwarenessUpdate(hub, clients) });
  };
  const fromServer = ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
    if (origin !== provider) return;
    const mine = new Set(windowClients());
    const clients = [...added, ...updated, ...removed].filter((client) => !mine.has(client));
    if (clients.length === 0) return;
    // Into the hub above the clock it holds of each (a removal at that clock, which it takes).
    const hubClock = (client: number) => hub.meta.get(client)?.clock ?? 0;
    applyAwarenessUpdate(hub, stamped(own, clients, (client, clock, state) => (state === null ? hubClock(client) : Math.max(clock, hubClock(client) + 1))), FROM_SERVER);
    // Forgotten once gone, so that the server's next state of it is taken whatever its clock.
    for (const client of removed) own.meta.delete(client);
  };
  const toServer = ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
    if (origin !== FROM_SERVER) send([...added, ...updated, ...removed]);
  };
  // One step up: the server may hold these clients at their last clock, removed when the socket closed.
  // Applied to the hub first, so the windows (and the server, through toServer) take the new clock.
  const resend = () => {
    const clients = windowClients();
    if (clients.length > 0) applyAwarenessUpdate(hub, stamped(hub, clients, (_client, clock) => clock + 1), RESENT);
  };

  return {
    awareness: own,
    attach(made) {
      provider = made;
      own.on('update', fromServer);
      hub.on('update', toServer);
      made.on('synced', resend);
    },
    stop() {
      own.off('update', fromServer);
      hub.off('update', toServer);
      provider?.off('synced', resend);
      provider = null;
    },
  };
}
