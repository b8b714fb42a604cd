/** What changed for a company, coarse enough that a page knows which fragment to fetch again. */
export const changeTopics = ["mappings", "syncs", "appointments"] as const;
export type ChangeTopic = (typeof changeTopics)[number];

/**
 * Tells a company's open console pages that something changed, after the change committed.
 * An event carries the company and the topic only, never data: a page fetches its fragment
 * through the normal authorized route, so nothing of another tenant can travel this way.
 */
export interface ChangeFeed {
  publish(companyId: string, topic: ChangeTopic): void;
  /**
   * Calls `listener` for this company's changes until the returned function is called; `onEnd`
   * when the feed ends (the server shuts down), so a stream can finish instead of holding it up.
   */
  subscribe(
    companyId: string,
    listener: (topic: ChangeTopic) => void,
    onEnd?: () => void,
  ): () => void;
}
