import type { Hono } from "hono";
import type { AppError } from "../../domain/errors.ts";
import type { StaffFields } from "../../features/staff/add-staff.ts";
import { type ConsoleAppDeps, type ConsoleContext, type ConsoleEnv, tenantOf } from "../context.ts";
import type { Catalog } from "../i18n/index.ts";
import { Layout } from "../layout.tsx";
import {
  StaffActivePage,
  StaffFormPage,
  type StaffFormState,
  StaffListPage,
  staffFormOf,
  staffPaths,
  UploadPanel,
} from "../pages/staff.tsx";
import { StaffImportPage } from "../pages/staff-upload-preview.tsx";
import { fragmentUi, isRefusal, pageUi } from "../render.tsx";
import { type FormData, readForm } from "../security.ts";
import { fieldErrors } from "../validation-messages.ts";

/**
 * An uploaded staff file's limit: its text travels back with the Import button (as base64, a
 * third more), and the whole form must stay within the console's 64 KiB body limit.
 */
const maxStaffFile = 40 * 1024;
/** The decoded text's limit: as base64url, 46 KiB becomes 61.4 KiB, within the 64 KiB body. */
const maxStaffText = 46 * 1024;

const fieldsOf = (form: FormData): StaffFields => ({
  name: form.get("name"),
  email: form.get("email"),
  phone: form.get("phone"),
});

/** The use-case's refusal beside the fields it names, in the user's language. */
function refusedForm(t: Catalog, form: FormData, error: AppError, active: boolean): StaffFormState {
  const errors: StaffFormState["errors"] = {};
  if (error.code === "conflict") errors.email = t.staff.emailTaken;
  const sentences = fieldErrors(t, error.issues, t.staff.fields);
  for (const field of ["name", "email", "phone", "active"] as const)
    if (sentences[field]) errors[field] = sentences[field];
  return {
    values: {
      name: form.get("name") ?? "",
      email: form.get("email") ?? "",
      phone: form.get("phone") ?? "",
      active,
    },
    errors,
  };
}

/** "?done=saved&staff=<id>" after a change: the notice names the person. */
function listNotice(c: ConsoleContext, t: Catalog, names: Map<string, string>) {
  const imported = /^(\d+)\.(\d+)\.(\d+)$/.exec(c.req.query("imported") ?? "");
  if (imported)
    return t.staff.imported(Number(imported[1]), Number(imported[2]), Number(imported[3]));
  const name = names.get(c.req.query("staff") ?? "");
  if (!name) return undefined;
  switch (c.req.query("done")) {
    case "added":
      return t.staff.added(name);
    case "saved":
      return t.staff.saved(name);
    case "deactivated":
      return t.staff.deactivated(name);
    case "reactivated":
      return t.staff.reactivated(name);
  }
  return undefined;
}

export function staffRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  const staff = deps.useCases.staff;
  const linksOf = (c: ConsoleContext) => staffPaths(c.get("company").id);
  const done = (c: ConsoleContext, what: string, staffId: string) =>
    c.redirect(`${linksOf(c).list}?done=${what}&staff=${encodeURIComponent(staffId)}`, 303);

  app.get("/staff", async (c) => {
    const [members, ui] = await Promise.all([staff.listStaffMembers(tenantOf(c)), pageUi(c, deps)]);
    const names = new Map(members.map((m) => [m.staff.id, m.staff.name]));
    return c.html(<StaffListPage ui={ui} members={members} notice={listNotice(c, ui.t, names)} />);
  });

  app.get("/staff/new", async (c) => {
    const form: StaffFormState = {
      values: { name: "", email: "", phone: "", active: true },
      errors: {},
    };
    return c.html(<StaffFormPage ui={await pageUi(c, deps)} staff={null} form={form} />);
  });

  app.post("/staff/new", async (c) => {
    const form = await readForm(c);
    const active = form.get("active") === "true";
    try {
      const created = await staff.addStaff(tenantOf(c), { ...fieldsOf(form), active });
      return done(c, "added", created.id);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      const ui = await pageUi(c, deps);
      const state = refusedForm(ui.t, form, error, active);
      return c.html(<StaffFormPage ui={ui} staff={null} form={state} />, 422);
    }
  });

  app.post("/staff/import/preview", async (c) => {
    const t = fragmentUi(c).t;
    const refuse = async (message: string, status: 413 | 422) => {
      const ui = await pageUi(c, deps);
      return c.html(
        <Layout ui={ui} title={t.staff.upload}>
          <UploadPanel ui={ui} error={message} />
        </Layout>,
        status,
      );
    };
    // Multipart only: anything else (or a form the parser cannot read) has no file in it.
    const body = (c.req.header("content-type") ?? "").includes("multipart/form-data")
      ? await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
      : {};
    const file = body.file;
    if (!(file instanceof File) || (file.size === 0 && file.name === ""))
      return refuse(t.staff.noFile, 422);
    if (file.size > maxStaffFile) return refuse(t.staff.fileTooLarge, 413);
    const fileName = file.name.slice(0, 200);
    const preview = await staff.previewStaffImport(tenantOf(c), {
      format: fileName.toLowerCase().endsWith(".json") ? "json" : "csv",
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
    // Windows-1252 grows in UTF-8 ("€" is 3 bytes): the Import form must still fit the limit.
    if (Buffer.byteLength(preview.text ?? "", "utf8") > maxStaffText)
      return refuse(t.staff.fileTooLarge, 413);
    return c.html(
      <StaffImportPage ui={await pageUi(c, deps)} fileName={fileName} preview={preview} />,
      preview.issues.length > 0 ? 422 : 200,
    );
  });

  app.post("/staff/import", async (c) => {
    const form = await readForm(c);
    const ctx = tenantOf(c);
    const input = {
      format: form.get("format") === "json" ? ("json" as const) : ("csv" as const),
      bytes: new Uint8Array(Buffer.from(form.get("file") ?? "", "base64url")),
    };
    const fileName = (form.get("fileName") ?? "").slice(0, 200);
    const sha256 = form.get("sha256") ?? "";
    // Read again, exactly as the preview did: a different file, or one with problems, is refused.
    const preview = await staff.previewStaffImport(ctx, input);
    const ui = await pageUi(c, deps);
    if (preview.sha256 === null || preview.sha256 !== sha256) {
      return c.html(
        <Layout ui={ui} title={ui.t.staff.upload}>
          <UploadPanel ui={ui} error={ui.t.staff.notPreviewed} />
        </Layout>,
        422,
      );
    }
    if (preview.issues.length > 0)
      return c.html(<StaffImportPage ui={ui} fileName={fileName} preview={preview} />, 422);
    try {
      const result = await staff.importStaff(ctx, { ...input, sha256 });
      return c.redirect(
        `${linksOf(c).list}?imported=${result.created}.${result.updated}.${result.unchanged}`,
        303,
      );
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return c.html(
        <StaffImportPage
          ui={ui}
          fileName={fileName}
          preview={preview}
          error={ui.t.staff.importConflict}
        />,
        409,
      );
    }
  });

  app.get("/staff/:staffId", async (c) => {
    const [member, ui] = await Promise.all([
      staff.getStaff(tenantOf(c), c.req.param("staffId")),
      pageUi(c, deps),
    ]);
    return c.html(<StaffFormPage ui={ui} staff={member} form={staffFormOf(member)} />);
  });

  app.post("/staff/:staffId", async (c) => {
    const staffId = c.req.param("staffId");
    const form = await readForm(c);
    try {
      const saved = await staff.updateStaff(tenantOf(c), staffId, fieldsOf(form));
      return done(c, "saved", saved.id);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      const [current, ui] = await Promise.all([
        staff.getStaff(tenantOf(c), staffId),
        pageUi(c, deps),
      ]);
      const state = refusedForm(ui.t, form, error, current.active);
      return c.html(<StaffFormPage ui={ui} staff={current} form={state} />, 422);
    }
  });

  app.get("/staff/:staffId/active", async (c) => {
    const [member, ui] = await Promise.all([
      staff.getStaff(tenantOf(c), c.req.param("staffId")),
      pageUi(c, deps),
    ]);
    return c.html(<StaffActivePage ui={ui} staff={member} />);
  });

  app.post("/staff/:staffId/active", async (c) => {
    const form = await readForm(c);
    const value = form.get("active");
    // The state asked for, not a toggle: a second submit of the same form changes nothing.
    if (value !== "true" && value !== "false")
      return c.text("Bad request: active must be true or false.", 400);
    const saved = await staff.updateStaff(tenantOf(c), c.req.param("staffId"), {
      active: value === "true",
    });
    return done(c, saved.active ? "reactivated" : "deactivated", saved.id);
  });
}
