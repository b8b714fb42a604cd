import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/app/config.ts";
import { spawnCli } from "./support/cli.ts";
import { freePort } from "./support/serve-process.ts";

// The deployment samples are checked against the code they deploy: paths, commands, the health
// route, the port and the dependencies a production install (`npm ci --omit=dev`) brings.

const root = resolve(import.meta.dirname, "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");
const scratch = mkdtempSync(join(tmpdir(), "frontdesk-deploy-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The arguments of a systemd command line or a Containerfile exec-form array. */
const words = (line: string) => line.trim().split(/\s+/);

interface Started {
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

function start(command: string[], env: Record<string, string>): Started {
  const [exe, ...args] = command;
  // "node" (or /usr/bin/node) in a sample means the Node running these tests.
  expect(exe).toMatch(/(^|\/)node$/);
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  return { child, exited, output: () => output };
}

async function waitForHealth(url: string, server: Started): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (server.child.exitCode !== null) throw new Error(`server exited:\n${server.output()}`);
    if ((await fetch(url).catch(() => null))?.ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no answer from ${url}:\n${server.output()}`);
}

describe("deploy/frontdesk.service", () => {
  const text = read("deploy/frontdesk.service");
  const sections = new Map<string, [string, string][]>();
  let current = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      current = header[1]!;
      sections.set(current, []);
      continue;
    }
    const eq = line.indexOf("=");
    expect(eq, `"${line}" is key=value`).toBeGreaterThan(0);
    sections.get(current)!.push([line.slice(0, eq), line.slice(eq + 1)]);
  }
  const service = (key: string) =>
    (sections.get("Service") ?? []).filter(([k]) => k === key).map(([, v]) => v);
  const installed = "/opt/frontdesk/";
  /** A command of the unit, run from this checkout instead of /opt/frontdesk. */
  const local = (command: string) =>
    words(command).map((w) =>
      w.startsWith(installed) ? join(root, w.slice(installed.length)) : w,
    );

  it("passes systemd-analyze verify, or has the sections and keys a unit needs", () => {
    const analyze = "/usr/bin/systemd-analyze";
    if (existsSync(analyze)) {
      // verify fails on a missing executable and only prints an unknown key or a bad value.
      const run = spawnSync(analyze, ["verify", join(root, "deploy/frontdesk.service")], {
        encoding: "utf8",
      });
      expect(`${run.stdout}${run.stderr}`.trim()).toBe("");
      expect(run.status).toBe(0);
    }
    expect([...sections.keys()]).toEqual(["Unit", "Service", "Install"]);
    expect(service("ExecStart")).toHaveLength(1);
  });

  it("runs as an unprivileged user with its environment file, restarts and is hardened", () => {
    expect(service("User")[0]).toMatch(/^(?!root$)[a-z_][a-z0-9_-]*$/);
    expect(service("EnvironmentFile")[0]).toMatch(/^-?\//);
    expect(service("Restart")[0]).toBe("on-failure");
    expect(service("NoNewPrivileges")).toEqual(["yes"]);
    expect(service("ProtectSystem")).toEqual(["strict"]);
    expect(service("ProtectHome")).toEqual(["yes"]);
    // ProtectSystem=strict leaves the code read-only: the data must have a writable home.
    expect(service("StateDirectory")).toEqual(["frontdesk"]);
  });

  it("starts the real CLI entry: migrate before serve, both commands that run", async () => {
    const [pre] = service("ExecStartPre");
    const [exec] = service("ExecStart");
    for (const command of [pre!, exec!]) {
      const [, script] = local(command);
      expect(relative(root, script!)).toBe(join("bin", "frontdesk.js"));
    }
    expect(words(pre!).slice(2)).toEqual(["migrate"]);
    expect(words(exec!).slice(2)).toEqual(["serve"]);

    const env = {
      DATABASE_URL: `sqlite:${join(scratch, "unit", "frontdesk.db")}`,
      FRONTDESK_DATA_DIR: join(scratch, "unit"),
      LOG_LEVEL: "warn",
    };
    const migrated = await spawnCli(local(pre!).slice(2), env);
    expect(migrated.code, migrated.stderr).toBe(0);

    const port = await freePort();
    const server = start(local(exec!), { ...env, HOST: "127.0.0.1", PORT: String(port) });
    await waitForHealth(`http://127.0.0.1:${port}/healthz`, server);
    // KillSignal=SIGTERM is a clean stop (exit 0), so Restart=on-failure leaves it stopped.
    expect(service("KillSignal")).toEqual(["SIGTERM"]);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  }, 60_000);
});

interface Instruction {
  keyword: string;
  args: string;
}

function parseContainerfile(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, " ");
  return joined
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => {
      const [keyword, ...rest] = l.split(/\s+/);
      return { keyword: keyword!.toUpperCase(), args: rest.join(" ") };
    });
}

describe("deploy/Containerfile", () => {
  const instructions = parseContainerfile(read("deploy/Containerfile"));
  const all = (keyword: string) => instructions.filter((i) => i.keyword === keyword);
  const last = (keyword: string) => all(keyword).at(-1)?.args ?? "";
  const finalStage = instructions.slice(instructions.findLastIndex((i) => i.keyword === "FROM"));
  const env: Record<string, string> = {};
  for (const { args } of finalStage.filter((i) => i.keyword === "ENV")) {
    for (const [, key, value] of args.matchAll(/(\w+)=(\S+)/g)) env[key!] = value!;
  }
  const execForm = (args: string): string[] => JSON.parse(args);

  it("builds in stages on Node 24 slim, installing production dependencies only", () => {
    const bases = all("FROM").map((i) => words(i.args)[0]);
    expect(bases.length).toBeGreaterThanOrEqual(2);
    for (const base of bases) expect(base).toBe("node:24-slim");
    expect(all("RUN").some((i) => /\bnpm ci --omit=dev\b/.test(i.args))).toBe(true);
  });

  it("copies only paths that exist and the build context does not leave out", () => {
    const ignored = read(".dockerignore")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("#"));
    const copies = all("COPY").filter((i) => !i.args.startsWith("--from="));
    expect(copies.length).toBeGreaterThan(0);
    for (const { args } of copies) {
      const sources = words(args).slice(0, -1);
      for (const source of sources) {
        expect(existsSync(join(root, source)), `${source} exists`).toBe(true);
        expect(ignored, `${source} is in the build context`).not.toContain(source);
      }
    }
    for (const kept of ["node_modules", "data", "test-results", ".git", ".env", "*.db"]) {
      expect(ignored).toContain(kept);
    }
  });

  it("runs as a user other than root", () => {
    const user = last("USER");
    expect(user).not.toBe("");
    expect(user.split(":")[0]).not.toMatch(/^(root|0)$/);
  });

  it("has a valid configuration, exposes the port it listens on, on every interface", () => {
    const config = loadConfig(env);
    expect(config.host).toBe("0.0.0.0");
    expect(words(last("EXPOSE"))).toEqual([String(config.port)]);
    expect(config.databaseUrl.startsWith("sqlite:")).toBe(true);
    expect(config.dataDir).toBe(words(last("VOLUME").replace(/[[\]"]/g, ""))[0]);
  });

  it("starts `serve` through the CLI entry; its HEALTHCHECK passes while it runs and fails after", async () => {
    const cmd = execForm(last("CMD"));
    expect(cmd.slice(1)).toEqual(["bin/frontdesk.js", "serve"]);
    const healthcheck = last("HEALTHCHECK");
    const check = execForm(healthcheck.slice(healthcheck.indexOf("CMD ") + 4));
    expect(check.join(" ")).toContain("/healthz");

    const port = await freePort();
    const runtime = {
      ...env,
      // The image's paths and interface, moved into a scratch folder and onto loopback.
      DATABASE_URL: `sqlite:${join(scratch, "image", "frontdesk.db")}`,
      FRONTDESK_DATA_DIR: join(scratch, "image"),
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
    };
    const server = start(cmd, runtime);
    try {
      await waitForHealth(`http://127.0.0.1:${port}/healthz`, server);
      const healthy = start(check, runtime);
      expect(await healthy.exited, healthy.output()).toBe(0);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
    const down = start(check, runtime);
    expect(await down.exited).toBe(1);
  }, 60_000);
});

describe("a production install (npm ci --omit=dev)", () => {
  it("has every package the application imports at run time", () => {
    const pkg = JSON.parse(read("package.json")) as { dependencies: Record<string, string> };
    const builtins = new Set(builtinModules);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) files.push(path);
      }
    };
    walk(join(root, "src"));
    files.push(join(root, "bin/frontdesk.js"));
    const missing = new Set<string>();
    for (const file of files) {
      const source = readFileSync(file, "utf8");
      // `import type` is erased; every other import (verbatimModuleSyntax keeps them) loads.
      const specifiers = [
        ...source.matchAll(/^\s*(?:import(?!\s+type\s)|export)\b[^;]*?\bfrom\s+"([^"]+)"/gm),
        ...source.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g),
        ...source.matchAll(/\.resolve\(\s*"([^"]+)"\s*\)/g),
      ].map((m) => m[1]!);
      for (const specifier of specifiers) {
        if (specifier.startsWith(".") || specifier.startsWith("node:")) continue;
        const name = specifier.startsWith("@")
          ? specifier.split("/").slice(0, 2).join("/")
          : specifier.split("/")[0]!;
        if (builtins.has(name)) continue;
        if (!(name in pkg.dependencies)) missing.add(`${name} (${relative(root, file)})`);
      }
    }
    expect([...missing]).toEqual([]);
  });
});
