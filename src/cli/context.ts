import type { Command } from "commander";
import type { Company, TenantContext } from "../domain/entities.ts";
import type { UseCases } from "../features/use-cases.ts";
import type { CliIo } from "./io.ts";
import type { CommandResult } from "./output.ts";

/** What the CLI needs from the application; app/ provides it, the CLI never builds it. */
export interface CliApp {
  useCases: UseCases;
  /** The Retell custom-tool definitions for a company (URLs from PUBLIC_URL). */
  retellTools(company: Company): unknown[];
  migrate(): Promise<{ applied: string[] }>;
  close(): Promise<void>;
}

export interface CliDeps {
  /** Opens the application for a command (schema checked or migrated as configured). */
  openApp(options?: { migrate?: boolean }): Promise<CliApp>;
  /** Runs the HTTP server until SIGTERM/SIGINT. */
  serve(options: { port?: number }): Promise<void>;
  /** Runs the demo (simulator + demo data + server) until SIGTERM/SIGINT. */
  demo(options: { port?: number }): Promise<void>;
}

export interface CommandContext {
  io: CliIo;
  deps: CliDeps;
  /** Runs a command body with an open app; prints its result or error and sets the exit code. */
  run(
    command: Command,
    body: (app: CliApp) => Promise<CommandResult>,
    options?: { migrate?: boolean },
  ): Promise<void>;
  /** Like run, for commands that need no database. */
  runWithoutApp(command: Command, body: () => Promise<CommandResult>): Promise<void>;
  /** Resolves --company to the tenant context the use-cases take. */
  tenant(app: CliApp, slug: string): Promise<TenantContext>;
}
