import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { loadConfig } from "../../src/app/config.ts";
import { openCliApp } from "../../src/app/lifecycle.ts";
import { runCli } from "../../src/cli/index.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI program in-process against the database at `env.DATABASE_URL`. */
export async function cli(
  argv: string[],
  env: Record<string, string>,
  stdin = "",
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  // Tests connect companies to the simulator on 127.0.0.1 (and may override this).
  const config = loadConfig({ LOG_LEVEL: "silent", FRONTDESK_ALLOW_LOOPBACK_CALCOM: "1", ...env });
  const code = await runCli(
    argv,
    {
      stdout: (s) => {
        stdout += s;
      },
      stderr: (s) => {
        stderr += s;
      },
      readStdin: async () => stdin,
      readFile: (path) => readFile(path, "utf8"),
    },
    {
      openApp: (options) => openCliApp(config, options),
      serve: async () => {
        throw new Error("serve is not run in-process");
      },
      demo: async () => {
        throw new Error("demo is not run in-process");
      },
    },
  );
  return { code, stdout, stderr };
}

const bin = resolve(import.meta.dirname, "../../bin/frontdesk.js");

/** Runs bin/frontdesk.js as a child process, as `npx frontdesk` would. */
export function spawnCli(argv: string[], env: Record<string, string>, stdin = ""): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, ...argv], {
      env: {
        PATH: process.env.PATH ?? "",
        LOG_LEVEL: "silent",
        FRONTDESK_ALLOW_LOOPBACK_CALCOM: "1",
        ...env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
