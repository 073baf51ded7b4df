/** An event to append. `type` names what happened, in the past tense: `OrderPlaced`. */
export interface NewEvent<Data = unknown> {
  type: string;
  data: Data;
  /** Defaults to a random UUID; give one to make a retried append recognisable. */
  id?: string;
  /** Version of the `data` shape; readers upcast older ones. Defaults to 1. */
  schemaVersion?: number;
  metadata?: Record<string, unknown>;
}

/** Where an event sits in the one global order every reader follows. */
export interface GlobalPosition {
  /** The writing transaction's id (xid8, as decimal text). */
  transactionId: string;
  /** The row's sequence number; orders events within one transaction. */
  position: number;
}

export interface StoredEvent<Data = unknown> {
  id: string;
  streamId: string;
  /** 1 for a stream's first event. */
  version: number;
  type: string;
  schemaVersion: number;
  data: Data;
  metadata: Record<string, unknown>;
  recordedAt: Date;
  globalPosition: GlobalPosition;
}

/**
 * What the writer believes the stream's version is: `no-stream` (it must not exist yet), `stream-exists`,
 * `any` (no check), or an exact version (0 means it must not exist).
 */
export type ExpectedVersion = 'no-stream' | 'stream-exists' | 'any' | number;

export interface AppendResult {
  /** The stream's version after the append: the expected version for the next one. */
  nextExpectedVersion: number;
  lastPosition: GlobalPosition;
}
