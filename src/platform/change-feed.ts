/**
 * The change feed: listeners per company, called synchronously on publish. With `relay` (several
 * instances over PostgreSQL) every event published here is also handed to the relay, which sends
 * it to the other instances; what they send arrives through `deliver`, so a page open on one
 * instance hears a change made through another.
 */
export function createChangeFeed<Topic extends string>(
  options: { relay?: (companyId: string, topic: Topic) => void } = {},
) {
  const listeners = new Map<string, Set<(topic: Topic) => void>>();
  const enders = new Set<() => void>();
  let ended = false;
  const deliver = (companyId: string, topic: Topic): void => {
    // A copy: a listener may unsubscribe while we call it.
    for (const listener of [...(listeners.get(companyId) ?? [])]) {
      // The change is committed; a failing listener (a stream that broke) must not undo that.
      try {
        listener(topic);
      } catch {}
    }
  };
  return {
    publish(companyId: string, topic: Topic): void {
      deliver(companyId, topic);
      options.relay?.(companyId, topic);
    },
    /** An event another instance published: to this process's listeners only. */
    deliver,
    subscribe(companyId: string, listener: (topic: Topic) => void, onEnd?: () => void): () => void {
      if (ended) {
        onEnd?.();
        return () => {};
      }
      const own = listeners.get(companyId) ?? new Set();
      listeners.set(companyId, own);
      // A wrapper per subscription: the same function subscribed twice is two subscriptions.
      const entry = (topic: Topic) => listener(topic);
      const end = () => onEnd?.();
      own.add(entry);
      enders.add(end);
      return () => {
        own.delete(entry);
        enders.delete(end);
        if (own.size === 0 && listeners.get(companyId) === own) listeners.delete(companyId);
      };
    },
    /** Shutting down: every subscriber is told to finish, and later ones finish at once. */
    end(): void {
      ended = true;
      for (const end of [...enders]) end();
    },
    /** Open subscriptions (of one company, or of all): what a leak would make grow. */
    listenerCount(companyId?: string): number {
      if (companyId !== undefined) return listeners.get(companyId)?.size ?? 0;
      let n = 0;
      for (const own of listeners.values()) n += own.size;
      return n;
    },
  };
}

export type InProcessChangeFeed<Topic extends string> = ReturnType<typeof createChangeFeed<Topic>>;
