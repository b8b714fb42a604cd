import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";

/** `frontdesk serve` running as a child process on 127.0.0.1. */
export interface ServeProcess {
  /** Like "http://127.0.0.1:PORT". */
  url: string;
  pid: number;
  /** Sends a signal (default SIGKILL) and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** A graceful stop (SIGTERM: in-flight requests finish), SIGKILL after 15 s. */
  stop(): Promise<void>;
  /** Everything it wrote to stdout and stderr so far (for a failing test's message). */
  output(): string;
}

export interface ServeProcessOptions {
  databaseUrl: string;
  /** Added to the defaults below (and the parent's environment). */
  env?: Record<string, string>;
  /** Default: a free port. */
  port?: number;
  /** Node options before the script, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
}

const binary = resolve(import.meta.dirname, "../../bin/frontdesk.js");

/**
 * Starts `node bin/frontdesk.js serve` and resolves once `/healthz` answers. Instances over one
 * database share FRONTDESK_SECRET (a test passphrase unless `env` names one), so each reads the
 * credentials the others stored; the simulator on loopback may be connected to, with no
 * client-side rate limit, and logs are kept to warnings.
 */
export async function startServeProcess(options: ServeProcessOptions): Promise<ServeProcess> {
  const port = options.port ?? (await freePort());
  const env = {
    ...process.env,
    HOST: "127.0.0.1",
    FRONTDESK_SECRET: "test-secret-shared-by-every-instance",
    FRONTDESK_ALLOW_LOOPBACK_CALCOM: "1",
    CALCOM_RATE_LIMIT: "1000000000",
    LOG_LEVEL: "warn",
    ...options.env,
    DATABASE_URL: options.databaseUrl,
  };
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), binary, "serve", "--port", String(port)],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    // The start and the end are what explain a failure; the middle is dropped.
    if (output.length > 200_000)
      output = `${output.slice(0, 50_000)}\n…\n${output.slice(-100_000)}`;
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const url = `http://127.0.0.1:${port}`;
  const kill = async (signal: NodeJS.Signals = "SIGKILL") => {
    if (!hasExited()) child.kill(signal);
    await exited;
  };

  for (let waited = 0; ; waited += 100) {
    if (hasExited()) {
      throw new Error(
        `frontdesk serve on port ${port} exited (${child.exitCode ?? child.signalCode}) before /healthz answered:\n${output}`,
      );
    }
    const up = await fetch(`${url}/healthz`).catch(() => null);
    if (up?.ok) break;
    if (waited >= 30_000) {
      await kill();
      throw new Error(
        `frontdesk serve on port ${port} did not answer /healthz in 30 s:\n${output}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    pid: child.pid!,
    kill,
    async stop() {
      if (hasExited()) return;
      const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
      child.kill("SIGTERM");
      await exited;
      clearTimeout(force);
    },
    output: () => output,
  };
}

/** A port free at the moment of asking, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}
