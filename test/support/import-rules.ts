import { dirname, relative, resolve } from "node:path";

/**
 * The dependency rule of docs/architecture.md as data: for each top-level folder of src/, the
 * folders of ours it may import. Anything else of ours is a violation.
 */
export const allowedImports: Record<string, readonly string[]> = {
  domain: ["domain"],
  platform: ["platform"],
  features: ["features", "domain", "platform"],
  calcom: ["calcom", "domain", "platform"],
  retell: ["retell", "domain", "platform"],
  // One module per voice function: the Retell tool contract next to the use-case it calls.
  "voice-functions": ["voice-functions", "features", "domain", "platform", "retell"],
  simulator: ["simulator", "platform"],
  db: ["db", "domain", "platform"],
  http: ["http", "web", "features", "domain", "platform", "calcom", "retell", "voice-functions"],
  web: ["web", "features", "domain", "platform"],
  cli: ["cli", "features", "domain", "platform"],
  jobs: ["jobs", "features", "domain", "platform"],
  app: ["*"],
  "main.ts": ["app", "cli"],
};

/** Packages the pure domain must not touch (I/O, frameworks, drivers). */
export const domainForbiddenPackages = [
  "hono",
  "@hono/node-server",
  "kysely",
  "pg",
  "better-sqlite3",
  "pino",
  "prom-client",
  "nodemailer",
  "croner",
  "node:fs",
  "node:fs/promises",
  "node:http",
  "node:net",
  "node:child_process",
];

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

const importPattern =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s*["']([^"']+)["']/g;

export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(importPattern)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec) found.push(spec);
  }
  return found;
}

/** The layer of a file under srcRoot: its top-level folder, or "main.ts". */
export function layerOf(srcRoot: string, file: string): string {
  const rel = relative(srcRoot, file);
  return rel.includes("/") ? (rel.split("/")[0] ?? rel) : rel;
}

/** Unit tests beside the code may also use the Cal.com simulator as the real counterpart. */
const testOnlyImports = ["simulator"];

export function checkFile(srcRoot: string, file: string, source: string): Violation[] {
  const layer = layerOf(srcRoot, file);
  const rule = allowedImports[layer];
  const allowed = rule && file.endsWith(".test.ts") ? [...rule, ...testOnlyImports] : rule;
  const violations: Violation[] = [];
  for (const specifier of importsOf(source)) {
    if (specifier.startsWith(".")) {
      const target = resolve(dirname(file), specifier);
      if (relative(srcRoot, target).startsWith("..")) {
        violations.push({ file, specifier, rule: `${layer} imports from outside src/` });
        continue;
      }
      const targetLayer = layerOf(srcRoot, target);
      if (!allowed) {
        violations.push({ file, specifier, rule: `${layer} is not a known layer` });
      } else if (!allowed.includes("*") && !allowed.includes(targetLayer)) {
        violations.push({ file, specifier, rule: `${layer} must not import ${targetLayer}` });
      }
    } else if (layer === "domain" && domainForbiddenPackages.includes(specifier)) {
      violations.push({ file, specifier, rule: `domain must stay pure (no ${specifier})` });
    }
  }
  return violations;
}
