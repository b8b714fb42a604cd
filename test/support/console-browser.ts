import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { buildConsole, type ConsoleHarness, consolePassword, serveConsole } from "./console-app.ts";
import { consoleWithWebhooks } from "./console-http.ts";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Where the browser tests' screenshots go. */
export const shotsDir = resolve(import.meta.dirname, "../../test-results/console");
export const desktopSize = { width: 1280, height: 900 };
export const phoneSize = { width: 390, height: 844 };

/**
 * Debian's Chromium, headless, in a fresh profile (a persistent context is how Playwright takes a
 * user-data-dir): never a downloaded browser.
 */
export async function launchChromium(): Promise<{
  context: BrowserContext;
  close(): Promise<void>;
}> {
  const profile = mkdtempSync(join(tmpdir(), "frontdesk-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    locale: "en-GB",
    viewport: desktopSize,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface ShotOptions {
  /** Before the file's name, e.g. "staff-". */
  prefix?: string;
  /** Dark as well as light (default: true). */
  dark?: boolean;
  /**
   * At phone width too, as `<name>-phone-<scheme>` ("only": there alone), where nothing may be
   * wider than the screen.
   */
  phone?: boolean | "only";
  /** Nothing wider than the screen at desktop width either. */
  fits?: boolean;
  /** One element (a selector) rather than the full page. */
  target?: string;
  /**
   * "initial" where htmx swaps inputs: Playwright hides the caret with inline styles, which
   * htmx's settling would copy into the swapped inputs (refused by the console's CSP).
   */
  caret?: "hide" | "initial";
}

export interface ConsoleBrowserOptions {
  /** buildConsole's options (publicUrl, clock, fixture, …). */
  build?: Parameters<typeof buildConsole>[1];
  /**
   * Serve the whole HTTP app with this Retell API key (the Retell routes beside the console)
   * rather than the console alone.
   */
  retellKey?: string;
  /** The pages' default timeout (default: 10 s; Playwright's own is 30 s). */
  timeout?: number;
  /**
   * Console errors that count as page errors: all but those starting with one of `ignore`
   * (default: "Failed to load resource", which Chromium logs for a 4xx a test asks for);
   * `false`: none.
   */
  consoleErrors?: false | { ignore: readonly string[] };
  /** The defaults of every `shoot`. */
  shots?: ShotOptions;
}

/** Where `logIn` waits to land: a URL, a pattern or a test of the URL. */
type Landing = Parameters<Page["waitForURL"]>[0];

function ready<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name} is ready in tests and hooks only`);
  return value;
}

/**
 * The console over a fresh SQLite database behind a real server, and Chromium with one page on
 * it: set up in a beforeAll, closed in an afterAll. Its fields are ready inside tests and in the
 * file's own beforeAll hooks (they run after this one).
 */
export function useConsoleBrowser(options: ConsoleBrowserOptions = {}) {
  const timeout = options.timeout ?? 10_000;
  const consoleErrors = options.consoleErrors ?? { ignore: ["Failed to load resource"] };
  let h: ConsoleHarness | undefined;
  let server: Awaited<ReturnType<typeof serveConsole>> | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let page: Page | undefined;
  /** Uncaught errors of the pages (and the console errors `consoleErrors` counts). */
  const pageErrors: string[] = [];
  /** Every alert, confirm or prompt a page opened (each dismissed). */
  const dialogs: string[] = [];

  async function newPage(): Promise<Page> {
    const p = await ready(browser, "context").context.newPage();
    p.setDefaultTimeout(timeout);
    p.on("pageerror", (e) => pageErrors.push(e.message));
    if (consoleErrors)
      p.on("console", (m) => {
        if (m.type() === "error" && !consoleErrors.ignore.some((i) => m.text().startsWith(i)))
          pageErrors.push(m.text());
      });
    p.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    return p;
  }

  beforeAll(async () => {
    mkdirSync(shotsDir, { recursive: true });
    h = await buildConsole("sqlite", options.build);
    server = await serveConsole(
      options.retellKey === undefined ? h : consoleWithWebhooks(h, options.retellKey),
    );
    browser = await launchChromium();
    page = await newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  const ui = {
    get h() {
      return ready(h, "h");
    },
    get page() {
      return ready(page, "page");
    },
    get context() {
      return ready(browser, "context").context;
    },
    pageErrors,
    dialogs,
    newPage,
    /** `path` on the test server. */
    url: (path = "") => `${ready(server, "server").url}${path}`,

    /**
     * Signs in afresh (no cookies of before) at `from`, then waits for `landing` (default: any
     * page but the login's).
     */
    async logIn(
      email: string,
      { from = "/admin/login", landing }: { from?: string; landing?: Landing } = {},
    ) {
      const p = ui.page;
      await ui.context.clearCookies();
      await p.goto(ui.url(from));
      await p.getByLabel("Email").fill(email);
      await p.getByLabel("Password").fill(consolePassword);
      await p.getByRole("button", { name: "Sign in" }).click();
      await p.waitForURL(landing ?? ((u) => !u.pathname.startsWith("/admin/login")));
    },

    /** Nothing on the page is wider than the screen (at its present size). */
    async expectFits(label?: string) {
      const overflow = await ui.page.evaluate<number>(
        "document.documentElement.scrollWidth - window.innerWidth",
      );
      expect(overflow, label).toBe(0);
    },

    /** Nothing is wider than a phone's screen. */
    async fitsPhone() {
      await ui.page.setViewportSize(phoneSize);
      await ui.expectFits("at phone width");
      await ui.page.setViewportSize(desktopSize);
    },

    /** `<prefix><name>-light.png` and (unless `dark: false`) `-dark.png` into test-results. */
    async shoot(name: string, shot: ShotOptions = {}) {
      const o = { ...options.shots, ...shot };
      const p = ui.page;
      const schemes = o.dark === false ? (["light"] as const) : (["light", "dark"] as const);
      const take = async (file: string) => {
        for (const scheme of schemes) {
          await p.emulateMedia({ colorScheme: scheme });
          const path = `${shotsDir}/${o.prefix ?? ""}${file}-${scheme}.png`;
          if (o.target) await p.locator(o.target).screenshot({ path, caret: o.caret });
          else await p.screenshot({ path, fullPage: true, caret: o.caret });
        }
        await p.emulateMedia({ colorScheme: "light" });
      };
      if (o.phone !== "only") {
        if (o.fits) await ui.expectFits(name);
        await take(name);
      }
      if (o.phone) {
        await p.setViewportSize(phoneSize);
        await ui.expectFits(`${name}-phone`);
        await take(`${name}-phone`);
        await p.setViewportSize(desktopSize);
      }
    },
  };
  return ui;
}
