import type { Locale } from "../../domain/entities.ts";
import { Notice } from "../components.tsx";
import { paths, type Theme } from "../context.ts";
import { type Catalog, locales } from "../i18n/index.ts";
import { Document } from "../layout.tsx";

export interface LoginView {
  t: Catalog;
  locale: Locale;
  theme: Theme;
  csrf: string;
  email?: string;
  next?: string;
  message?: { tone: "danger" | "info"; text: string };
}

export function LoginPage(props: LoginView) {
  const { t } = props;
  return (
    <Document title={t.login.title} lang={props.locale} theme={props.theme} t={t}>
      <main id="main" class="login">
        <div class="login-card">
          <div class="login-brand">
            <span class="brand-mark" aria-hidden="true">
              F
            </span>
            <span>
              {t.appName} · {t.console}
            </span>
          </div>
          <h1>{t.login.title}</h1>
          <p class="lead">{t.login.intro}</p>
          {props.message && <Notice tone={props.message.tone}>{props.message.text}</Notice>}
          <form method="post" action={paths.login} class="form-stack">
            <input type="hidden" name="_csrf" value={props.csrf} />
            <input type="hidden" name="lang" value={props.locale} />
            {props.next && <input type="hidden" name="next" value={props.next} />}
            <div class="field">
              <label for="email">{t.login.email}</label>
              <input
                id="email"
                name="email"
                type="email"
                autocomplete="username"
                required
                autofocus
                value={props.email ?? ""}
              />
            </div>
            <div class="field">
              <label for="password">{t.login.password}</label>
              <input
                id="password"
                name="password"
                type="password"
                autocomplete="current-password"
                required
              />
            </div>
            <button type="submit" class="btn btn-primary btn-block">
              {t.login.submit}
            </button>
          </form>
          <nav class="login-langs" aria-label={t.header.language}>
            {locales.map((l) => (
              <a
                href={`${paths.login}?lang=${l}${props.next ? `&next=${encodeURIComponent(props.next)}` : ""}`}
                lang={l}
                aria-current={l === props.locale ? "true" : undefined}
              >
                {t.localeName[l]}
              </a>
            ))}
          </nav>
        </div>
      </main>
    </Document>
  );
}
