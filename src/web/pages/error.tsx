import type { Locale } from "../../domain/entities.ts";
import { paths, type Theme } from "../context.ts";
import type { Catalog } from "../i18n/index.ts";
import { Document } from "../layout.tsx";

/** A whole-page error (404, expired form, 500) that needs no session to render. */
export function ErrorPage(props: {
  t: Catalog;
  locale: Locale;
  theme: Theme;
  title: string;
  text: string;
}) {
  return (
    <Document title={props.title} lang={props.locale} theme={props.theme} t={props.t}>
      <main id="main" class="login">
        <div class="login-card">
          <h1>{props.title}</h1>
          <p class="lead">{props.text}</p>
          <a class="btn" href={paths.home}>
            {props.t.errors.back}
          </a>
        </div>
      </main>
    </Document>
  );
}
