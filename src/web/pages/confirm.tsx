import type { Child } from "hono/jsx";
import { ConfirmAction, PageHeader } from "../components.tsx";
import type { Ui } from "../context.ts";
import { Layout } from "../layout.tsx";

/**
 * The page every destructive action asks on first: the question as its title, what happens, and
 * the one form that acts (`ConfirmAction`); the way back is also the cancel.
 */
export function ConfirmPage(props: {
  ui: Ui;
  title: string;
  back: { href: string; label: string };
  children: Child;
  action: string;
  fields?: Record<string, string>;
  submit: string;
  danger: boolean;
}) {
  const { ui } = props;
  return (
    <Layout ui={ui} title={props.title}>
      <p class="crumbs">
        <a href={props.back.href}>← {props.back.label}</a>
      </p>
      <PageHeader title={props.title} />
      <ConfirmAction
        t={ui.t}
        csrf={ui.csrf}
        action={props.action}
        fields={props.fields}
        submit={props.submit}
        danger={props.danger}
        cancelHref={props.back.href}
      >
        {props.children}
      </ConfirmAction>
    </Layout>
  );
}
