import type { Child } from "hono/jsx";
import type { ChangeTopic } from "../../domain/ports/change-feed.ts";
import { paths, type Ui } from "../context.ts";

/**
 * A part of a page that updates by itself: one EventSource on the company's change feed (htmx's
 * sse extension), and inside it fragments that fetch themselves again on `liveTrigger(topic)`.
 * Without JavaScript the page simply stays as it was loaded.
 */
export function Live(props: { ui: Ui; children: Child }) {
  return (
    <div class="live" hx-ext="sse" sse-connect={paths.company(props.ui.company!.id).events}>
      <script src={paths.asset("htmx-ext-sse.js")} defer></script>
      {props.children}
    </div>
  );
}

/** A burst of changes (a sync writes several) is fetched once, shortly after the last. */
export const liveTrigger = (topic: ChangeTopic) => `sse:${topic} delay:150ms`;

/**
 * Also fetched when the stream (re)opens, so a change that came before the page was listening,
 * or while it reconnected, is not missed (a running sync's end, above all).
 */
export const liveTriggerWithCatchUp = (topic: ChangeTopic) =>
  `${liveTrigger(topic)}, htmx:sseOpen from:closest .live`;
