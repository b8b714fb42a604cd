import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { allowedImports, checkFile, importsOf } from "./support/import-rules.ts";

const srcRoot = resolve(import.meta.dirname, "../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe("dependency direction", () => {
  it("every file in src/ imports only what its layer may import", () => {
    const violations = sourceFiles(srcRoot).flatMap((file) =>
      checkFile(srcRoot, file, readFileSync(file, "utf8")),
    );
    expect(violations).toEqual([]);
  });

  it("every top-level folder of src/ has a rule", () => {
    const layers = readdirSync(srcRoot);
    expect(layers.filter((l) => !(l in allowedImports))).toEqual([]);
  });
});

// The rule checker itself must catch what it is for: these fail if it goes blind.
describe("the import checker", () => {
  const file = (path: string) => join(srcRoot, path);

  it("finds static, type-only, re-export, side-effect and dynamic imports", () => {
    const source = [
      'import { a } from "./a.ts";',
      'import type { B } from "../b.ts";',
      'export { c } from "./c.ts";',
      'import "./d.ts";',
      'const e = await import("./e.ts");',
      "import {\n  f,\n  g,\n} from './fg.ts';",
    ].join("\n");
    expect(importsOf(source)).toEqual([
      "./a.ts",
      "../b.ts",
      "./c.ts",
      "./d.ts",
      "./e.ts",
      "./fg.ts",
    ]);
  });

  it.each([
    [
      "features/x.ts",
      'import { createStore } from "../db/store.ts";',
      "features must not import db",
    ],
    [
      "features/x.ts",
      'import type { CalcomClient } from "../calcom/index.ts";',
      "features must not import calcom",
    ],
    [
      "domain/x.ts",
      'import { newId } from "../platform/ids.ts";',
      "domain must not import platform",
    ],
    ["domain/x.ts", 'import { Kysely } from "kysely";', "domain must stay pure (no kysely)"],
    [
      "cli/commands/x.ts",
      'import { createDatabase } from "../../db/connect.ts";',
      "cli must not import db",
    ],
    ["http/x.ts", 'import { createStore } from "../db/store.ts";', "http must not import db"],
    [
      "cli/x.ts",
      'import { createContainer } from "../app/container.ts";',
      "cli must not import app",
    ],
  ])("flags %s importing %s", (path, source, rule) => {
    expect(checkFile(srcRoot, file(path), source)).toEqual([expect.objectContaining({ rule })]);
  });

  it("lets unit tests, and only tests, use the simulator", () => {
    const source = 'import { createSimulator } from "../simulator/index.ts";';
    expect(checkFile(srcRoot, file("calcom/client.test.ts"), source)).toEqual([]);
    expect(checkFile(srcRoot, file("calcom/client.ts"), source)).toEqual([
      expect.objectContaining({ rule: "calcom must not import simulator" }),
    ]);
  });

  it("allows what the rule allows", () => {
    expect(
      checkFile(srcRoot, file("cli/x.ts"), 'import type { Features } from "../features/index.ts";'),
    ).toEqual([]);
    expect(
      checkFile(srcRoot, file("app/x.ts"), 'import { createStore } from "../db/store.ts";'),
    ).toEqual([]);
  });
});
