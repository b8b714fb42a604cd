import { describe, expect, it } from "vitest";
import { createChangeFeed } from "./change-feed.ts";

describe("the in-process change feed", () => {
  it("delivers a company's topics to that company's listeners only", () => {
    const feed = createChangeFeed<"mappings" | "syncs">();
    const a: string[] = [];
    const b: string[] = [];
    feed.subscribe("a", (t) => a.push(t));
    feed.subscribe("b", (t) => b.push(t));
    feed.publish("a", "mappings");
    feed.publish("b", "syncs");
    expect(a).toEqual(["mappings"]);
    expect(b).toEqual(["syncs"]);
  });

  it("forgets a listener once it unsubscribes, and the company once none is left", () => {
    const feed = createChangeFeed<"mappings">();
    const seen: string[] = [];
    const off = feed.subscribe("a", (t) => seen.push(t));
    const other = feed.subscribe("a", () => {});
    expect(feed.listenerCount("a")).toBe(2);
    off();
    off();
    feed.publish("a", "mappings");
    expect(seen).toEqual([]);
    other();
    expect(feed.listenerCount()).toBe(0);
  });

  it("keeps calling the others when a listener throws or unsubscribes meanwhile", () => {
    const feed = createChangeFeed<"syncs">();
    const seen: string[] = [];
    const off = feed.subscribe("a", () => {
      off();
      throw new Error("broken stream");
    });
    feed.subscribe("a", (t) => seen.push(t));
    expect(() => feed.publish("a", "syncs")).not.toThrow();
    expect(seen).toEqual(["syncs"]);
    expect(feed.listenerCount("a")).toBe(1);
  });

  it("tells every subscriber when it ends, and a later subscriber at once", () => {
    const feed = createChangeFeed<"mappings">();
    const ended: string[] = [];
    feed.subscribe(
      "a",
      () => {},
      () => ended.push("a"),
    );
    const off = feed.subscribe(
      "b",
      () => {},
      () => ended.push("b"),
    );
    off();
    feed.end();
    expect(ended).toEqual(["a"]);
    feed.subscribe(
      "c",
      () => {},
      () => ended.push("c"),
    );
    expect(ended).toEqual(["a", "c"]);
  });

  it("hands what is published to the relay, and delivers what another instance sent without relaying it back", () => {
    const relayed: string[] = [];
    const feed = createChangeFeed<"mappings" | "syncs">({
      relay: (companyId, topic) => relayed.push(`${companyId}:${topic}`),
    });
    const heard: string[] = [];
    feed.subscribe("a", (t) => heard.push(t));
    feed.publish("a", "mappings");
    feed.deliver("a", "syncs");
    feed.deliver("b", "mappings");
    expect(heard).toEqual(["mappings", "syncs"]);
    expect(relayed).toEqual(["a:mappings"]);
  });
});
