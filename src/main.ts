import { readFile } from "node:fs/promises";
import { text } from "node:stream/consumers";
import { loadConfig } from "./app/config.ts";
import { runDemoUntilSignal } from "./app/demo.ts";
import { openCliApp, serveUntilSignal } from "./app/lifecycle.ts";
import { runCli } from "./cli/index.ts";

process.exitCode = await runCli(
  process.argv.slice(2),
  {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    readStdin: () => text(process.stdin),
    readFile: (path) => readFile(path, "utf8"),
  },
  {
    openApp: (options) => openCliApp(loadConfig(process.env), options),
    serve: (options) => serveUntilSignal(loadConfig(process.env), options),
    demo: (options) =>
      runDemoUntilSignal(loadConfig(process.env), options, (s) => process.stdout.write(s)),
  },
);
