export type Fault = {
  /**
   * "timeout" holds the request back before anything happens (the caller may give up first);
   * "lost-answer" does the work (booking stored, webhook sent) and then never answers.
   */
  kind: "500" | "500-bare" | "429" | "timeout" | "malformed" | "lost-answer";
  /** Matches any method when absent (case-insensitive). */
  method?: string;
  /** Exact request path without the query string, or a RegExp tested against it; any when absent. */
  path?: string | RegExp;
  /** How many matching requests get the fault; default 1. */
  times?: number;
  /**
   * "timeout": how long the answer is held back, then sent; default 30000.
   * "lost-answer" with mode "timeout": how long the connection is held open before it is closed
   * without an answer; default 30000.
   */
  delayMs?: number;
  /**
   * For "lost-answer": "timeout" (default) keeps the connection silent until the caller gives up
   * or `delayMs` passes; "reset" destroys the connection right after the work is done.
   */
  mode?: "timeout" | "reset";
};

/** Faults injected by tests, consumed by the next matching requests in injection order. */
export class FaultQueue {
  private queue: { fault: Fault; left: number }[] = [];

  inject(fault: Fault): void {
    this.queue.push({ fault, left: fault.times ?? 1 });
  }

  clear(): void {
    this.queue = [];
  }

  take(method: string, path: string): Fault | undefined {
    const entry = this.queue.find(({ fault }) => matches(fault, method, path));
    if (!entry) return undefined;
    entry.left -= 1;
    if (entry.left <= 0) this.queue = this.queue.filter((e) => e !== entry);
    return entry.fault;
  }
}

function matches(fault: Fault, method: string, path: string): boolean {
  if (fault.method && fault.method.toUpperCase() !== method.toUpperCase()) return false;
  if (fault.path === undefined) return true;
  if (typeof fault.path === "string") return fault.path === path;
  fault.path.lastIndex = 0; // a /g or /y RegExp would otherwise remember where it stopped
  return fault.path.test(path);
}
