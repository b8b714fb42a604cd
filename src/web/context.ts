import type { Context } from "hono";
import type { Company, Locale, TenantContext } from "../domain/entities.ts";
import type { VoiceProbe } from "../domain/ports/calls.ts";
import type { Viewer } from "../features/auth/authenticate.ts";
import type { UseCases } from "../features/use-cases.ts";
import type { Logger } from "../platform/logger.ts";
import { createFormatter, type Formatter } from "./format.ts";
import { type Catalog, catalogs, fromAcceptLanguage } from "./i18n/index.ts";

/** Where createHttpApp mounts the console; every link is built from it. */
export const consoleBase = "/admin";

export interface ConsoleAppDeps {
  /** Every area but the phone agent's and the webhooks' (of calls, the reads and the test call). */
  useCases: Omit<UseCases, "voice" | "calls"> & {
    calls: Pick<
      UseCases["calls"],
      "listCalls" | "getCall" | "getCallTranscript" | "startTestCall" | "bookTestCall"
    >;
  };
  /**
   * Sends the test-call panel's signed requests through this server's own Retell webhooks (the
   * HTTP app builds it); without it the panel refuses like a server without RETELL_API_KEY.
   */
  voiceProbe?: VoiceProbe;
  /** PUBLIC_URL: the webhook address shown in the settings, and whether cookies are Secure. */
  publicUrl: string | undefined;
  /** The Retell custom-function definitions for a company. */
  retellTools: (options: {
    publicUrl: string;
    locale: Locale;
    transferNumber?: string | null;
  }) => unknown;
  logger: Pick<Logger, "error" | "info">;
  /**
   * TRUSTED_PROXY: addresses of the reverse proxies whose X-Forwarded-For is believed for the
   * per-address login limit. Empty (the default): the socket's address, whatever headers say.
   */
  trustedProxies?: readonly string[];
}

export type Theme = "light" | "dark" | null;

export interface ConsoleEnv {
  Variables: {
    viewer: Viewer;
    /** Set on /companies/:companyId/… once the tenant check passed. */
    company: Company;
  };
}

export type ConsoleContext = Context<ConsoleEnv>;

/** What every view needs: texts, formats, the CSRF token, who looks and at which company. */
export interface Ui {
  t: Catalog;
  locale: Locale;
  fmt: Formatter;
  csrf: string;
  viewer: Viewer["user"];
  company: Company | null;
  /** The company switcher's choices (empty for fragments). */
  companies: Company[];
  theme: Theme;
  /** The current path, for the navigation's aria-current. */
  path: string;
}

export function themeOf(cookie: string | undefined): Theme {
  return cookie === "light" || cookie === "dark" ? cookie : null;
}

/** The user's choice, else the browser's languages, else the company's default. */
export function localeFor(
  c: Context,
  user: { locale: Locale | null } | null,
  company: Company | null,
): Locale {
  return (
    user?.locale ?? fromAcceptLanguage(c.req.header("accept-language")) ?? company?.locale ?? "en"
  );
}

export function buildUi(
  c: ConsoleContext,
  options: { company: Company | null; companies?: Company[]; theme: Theme },
): Ui {
  const viewer = c.get("viewer");
  const locale = localeFor(c, viewer.user, options.company);
  return {
    t: catalogs[locale],
    locale,
    fmt: createFormatter(locale, options.company?.timezone ?? "UTC"),
    csrf: viewer.csrfToken,
    viewer: viewer.user,
    company: options.company,
    companies: options.companies ?? [],
    theme: options.theme,
    path: c.req.path,
  };
}

export function tenantOf(c: ConsoleContext): TenantContext {
  return { company: c.get("company"), actor: { type: "user", userId: c.get("viewer").user.id } };
}

/** Links inside the console, one place for every URL. */
export const paths = {
  login: `${consoleBase}/login`,
  logout: `${consoleBase}/logout`,
  locale: `${consoleBase}/locale`,
  switchCompany: `${consoleBase}/switch`,
  home: consoleBase,
  companies: `${consoleBase}/companies`,
  newCompany: `${consoleBase}/companies/new`,
  newCompanySlug: `${consoleBase}/companies/new/slug`,
  lockouts: `${consoleBase}/lockouts`,
  apiTokens: `${consoleBase}/api-tokens`,
  users: `${consoleBase}/users`,
  user: (userId: string, verb: string) =>
    `${consoleBase}/users/${encodeURIComponent(userId)}/${verb}`,
  invite: (token: string) => `${consoleBase}/invite/${token}`,
  reset: (token: string) => `${consoleBase}/reset/${token}`,
  asset: (name: string) => `${consoleBase}/assets/${name}`,
  company(companyId: string) {
    const base = `${consoleBase}/companies/${encodeURIComponent(companyId)}`;
    return {
      base,
      overview: base,
      services: `${base}/services`,
      staff: `${base}/staff`,
      service: (serviceId: string) => `${base}/services/${encodeURIComponent(serviceId)}`,
      mappings: `${base}/mappings`,
      /** The mappings list without the page around it (what a live page fetches again). */
      mappingsList: `${base}/mappings/list`,
      board: `${base}/mappings/board`,
      boardCards: `${base}/mappings/board/cards`,
      mappingAction: (calcomUserId: number, verb: string) =>
        `${base}/mappings/${calcomUserId}/${verb}`,
      hostsPanel: (serviceId: string) => `${base}/services/${encodeURIComponent(serviceId)}/hosts`,
      /** The company's server-sent events: topics only. */
      events: `${base}/events`,
      bulk: `${base}/mappings/bulk`,
      audit: `${base}/audit`,
      syncs: `${base}/syncs`,
      syncStatus: `${base}/syncs/status`,
      appointments: `${base}/appointments`,
      calls: `${base}/calls`,
      call: (retellCallId: string) => `${base}/calls/${encodeURIComponent(retellCallId)}`,
      callTranscript: (retellCallId: string) =>
        `${base}/calls/${encodeURIComponent(retellCallId)}/transcript`,
      testCall: `${base}/test-call`,
      deliveries: `${base}/deliveries`,
      privacy: `${base}/privacy`,
      settings: `${base}/settings`,
      settingsSection: (section: string) => `${base}/settings/${section}`,
      onboarding: `${base}/onboarding`,
      onboardingAction: (verb: string) => `${base}/onboarding/${verb}`,
    };
  },
};

/** A "back" target from a form, accepted only inside this company's console pages. */
export function safeBack(value: string | undefined, companyId: string, fallback: string): string {
  const base = `${paths.company(companyId).base}/`;
  return value?.startsWith(base) && !value.includes("//") && !value.includes("\\")
    ? value
    : fallback;
}
