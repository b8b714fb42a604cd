const hidden = "[redacted]";

/**
 * A credential held in memory. It prints as "[redacted]" in logs, JSON and string templates,
 * so that a secret leaks only through an explicit `reveal()`.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  /** "cal_…x9Qa": enough to recognise a key, not enough to use it. */
  masked(): string {
    const v = this.#value;
    if (v.length <= 8) return "•".repeat(v.length);
    return `${v.slice(0, 4)}…${v.slice(-4)}`;
  }

  toString(): string {
    return hidden;
  }

  toJSON(): string {
    return hidden;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return hidden;
  }
}
