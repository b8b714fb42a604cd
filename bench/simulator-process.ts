/*
 * The Cal.com simulator in a process of its own, for the realistic voice bench: in the bench's
 * process its work (weeks of round-robin slots per request) would hold up the load generator's
 * event loop and count as our server's time. Prints `{"url": …}` once listening; a line
 * `realistic` (or `zero`) on stdin sets the latency profile, answered with `ok`; it exits when
 * stdin closes.
 */
import { createInterface } from "node:readline";
import { demoFixture, startSimulator } from "../src/simulator/index.ts";

const simulator = await startSimulator(demoFixture(), {
  rateLimitPerMinute: 1_000_000_000,
  latency: "zero",
});
process.stdout.write(`${JSON.stringify({ url: simulator.url })}\n`);
const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const profile = line.trim();
  if (profile === "realistic" || profile === "zero") {
    simulator.setLatency(profile);
    process.stdout.write("ok\n");
  }
});
lines.on("close", () => {
  void simulator.close().then(() => process.exit(0));
});
