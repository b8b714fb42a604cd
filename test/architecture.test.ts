import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { voiceFunctions } from "../src/voice-functions/registry.ts";
import { retellTools } from "../src/voice-functions/retell-tools.ts";
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

describe("the voice function registry", () => {
  const tools = retellTools({ publicUrl: "https://frontdesk.example.com", locale: "de" }).flatMap(
    (t) => (t.type === "custom" ? [t] : []),
  );

  it.each(voiceFunctions.map((fn) => [fn.name, fn] as const))(
    "%s is complete: zod arguments, a tool generated from them, a run, messages in de and en",
    (name, fn) => {
      expect(name).toMatch(/^[a-z_]+$/);
      expect(fn.args).toBeInstanceOf(z.ZodType);
      expect(typeof fn.run).toBe("function");
      const shape = (fn.args as unknown as z.ZodObject).shape;
      const keys = Object.keys(shape);
      const optional = keys.filter((k) => shape[k]!.safeParse(undefined).success);
      const tool = tools.find((t) => t.name === name);
      expect(Object.keys(tool?.parameters.properties ?? {})).toEqual(keys);
      expect([...(tool?.parameters.required ?? [])].sort()).toEqual(
        [...keys.filter((k) => !optional.includes(k)), ...(fn.alsoRequired ?? [])].sort(),
      );
      expect(Object.keys(fn.messages).sort()).toEqual(["de", "en"]);
      expect(Object.keys(fn.messages.de).length).toBeGreaterThan(0);
      expect(Object.keys(fn.messages.de).sort()).toEqual(Object.keys(fn.messages.en).sort());
    },
  );

  it("names each function once, and Retell is told of exactly the registered ones", () => {
    const names = voiceFunctions.map((fn) => fn.name);
    expect(new Set(names).size).toBe(names.length);
    for (const locale of ["de", "en"] as const)
      expect(
        retellTools({ publicUrl: "http://x", locale })
          .map((t) => t.name)
          .sort(),
      ).toEqual([...names].sort());
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
      'import { createDatabase } from "../db/connect.ts";',
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
    ["http/x.ts", 'import { createDatabase } from "../db/connect.ts";', "http must not import db"],
    [
      "cli/x.ts",
      'import { createContainer } from "../app/container.ts";',
      "cli must not import app",
    ],
    [
      "retell/x.ts",
      'import { makeCheckAvailability } from "../features/voice/check-availability.ts";',
      "retell must not import features",
    ],
    [
      "voice-functions/x.ts",
      'import { createDatabase } from "../db/connect.ts";',
      "voice-functions must not import db",
    ],
    [
      "features/x.ts",
      'import { voiceFunctions } from "../voice-functions/registry.ts";',
      "features must not import voice-functions",
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
      checkFile(
        srcRoot,
        file("cli/x.ts"),
        'import type { UseCases } from "../features/use-cases.ts";',
      ),
    ).toEqual([]);
    expect(
      checkFile(srcRoot, file("app/x.ts"), 'import { createDatabase } from "../db/connect.ts";'),
    ).toEqual([]);
  });
});
