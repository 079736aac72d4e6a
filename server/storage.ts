/**
 * Where the server keeps its documents: each shared document's whole Yjs
 * state under its name (`library`, `glossary`, `article/<id>`,
 * `article/<id>/<lang>`; see shared/collab/doc-names.ts). Hocuspocus loads a
 * document through `fetch` when someone opens it and hands `store` its full
 * state a moment after changes (@hocuspocus/extension-database).
 *
 * The default is SQLite in the data folder (./storage-sqlite.ts); with
 * --postgres, PostgreSQL (./storage-postgres.ts), which several instances
 * share.
 */
export interface StoredDocument {
  readonly name: string;
  /** Bytes of the stored state. */
  readonly size: number;
  /** ISO time of the last store. */
  readonly updatedAt: string;
}

export interface DocumentStorage {
  /** The document's stored state (a Yjs update), or null if it was never stored. */
  fetch(name: string): Promise<Uint8Array | null>;
  /**
   * Stores `state` (the full state, not a delta): afterwards the stored state
   * holds everything in it. SQLite replaces the stored state; PostgreSQL
   * merges it with what another instance may have stored meanwhile.
   */
  store(name: string, state: Uint8Array): Promise<void>;
  /** Every stored document, by name. */
  list(): Promise<StoredDocument[]>;
  /** Throws if the database cannot be reached now (readiness). */
  check(): Promise<void>;
  close(): Promise<void>;
}
