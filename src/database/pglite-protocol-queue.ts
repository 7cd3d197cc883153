import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
  onData: (data: Uint8Array) => void;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGlite;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

/** Extended-protocol messages that leave an unfinished exchange until the client's Sync. */
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C', 'H', 'd', 'c', 'f'].map((c) => c.charCodeAt(0)));

/**
 * pglite-socket 0.2.17 interleaves its connections message by message. That
 * is safe for simple queries but not for the extended protocol node-postgres
 * uses for parameterised queries (Parse, Bind, Execute, Sync): another
 * connection's Parse between them replaces the unnamed statement ("unnamed
 * prepared statement does not exist"). Its queue also stalls for good after a
 * failed message. This replaces the queue's scheduler on one server so that a
 * connection keeps PGlite from its first extended message to its Sync, as well
 * as for a whole transaction, and so that errors do not stall the queue.
 */
export function serialiseExtendedProtocol(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  let exchangeOwner: number | null = null;

  const nextItem = (): QueuedMessage | undefined => {
    const owner =
      exchangeOwner ??
      (queue.db.isInTransaction() && queue.lastHandlerId !== null ? queue.lastHandlerId : null);
    if (owner === null) return queue.queue.shift();
    const index = queue.queue.findIndex((item) => item.handlerId === owner);
    return index === -1 ? undefined : queue.queue.splice(index, 1)[0];
  };

  queue.processQueue = async function processQueue(this: QueryQueue): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = nextItem(); item; item = nextItem()) {
        const current = item;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                current.onData(data);
              },
            }),
          );
          current.resolve(bytes);
        } catch (error) {
          current.reject(error);
        }
        this.lastHandlerId = current.handlerId;
        exchangeOwner = EXTENDED.has(current.message[0]) ? current.handlerId : null;
      }
    } finally {
      this.processing = false;
    }
  };

  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number): void => {
    clear(handlerId);
    if (exchangeOwner === handlerId) {
      exchangeOwner = null;
      void queue.processQueue();
    }
  };
}
