import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";
import { demoSimulatorPort } from "./demo.ts";

describe("demoSimulatorPort", () => {
  it("is the port after the server's, CALCOM_SIM_PORT if set, and any free one beside port 0", () => {
    expect(demoSimulatorPort(loadConfig({}), 3000)).toBe(3001);
    expect(demoSimulatorPort(loadConfig({ CALCOM_SIM_PORT: "4010" }), 3000)).toBe(4010);
    expect(demoSimulatorPort(loadConfig({ CALCOM_SIM_PORT: "0" }), 3000)).toBe(0);
    expect(demoSimulatorPort(loadConfig({}), 0)).toBe(0);
    expect(demoSimulatorPort(loadConfig({}), 65535)).toBe(0);
  });
});
