import type { Hono } from "hono";
import type { SyncRun } from "../../domain/entities.ts";
import {
  type ConsoleAppDeps,
  type ConsoleContext,
  type ConsoleEnv,
  paths,
  tenantOf,
  type Ui,
} from "../context.ts";
import { SyncProgress, SyncsPage } from "../pages/syncs.tsx";
import { fragmentUi, pageUi } from "../render.tsx";
import { isHtmx } from "../security.ts";

/** A "running" row older than this belongs to a crashed process: not shown as running. */
const staleRunMs = 15 * 60_000;

async function loadSyncs(c: ConsoleContext, deps: ConsoleAppDeps) {
  const ctx = tenantOf(c);
  const runs = await deps.useCases.sync.listSyncRuns(ctx, 30);
  const state = deps.useCases.sync.syncNow.state(ctx.company.id);
  const now = Date.now();
  const running =
    state.running ||
    runs.some(
      (r: SyncRun) => r.status === "running" && now - new Date(r.startedAt).getTime() < staleRunMs,
    );
  return { runs, state, running };
}

function statusFragment(ui: Ui, data: Awaited<ReturnType<typeof loadSyncs>>, notice?: string) {
  return (
    <SyncProgress
      ui={ui}
      runs={data.runs}
      state={data.state}
      running={data.running}
      notice={notice}
    />
  );
}

export function syncRoutes(app: Hono<ConsoleEnv>, deps: ConsoleAppDeps) {
  app.get("/syncs", async (c) => {
    const [data, ui] = await Promise.all([loadSyncs(c, deps), pageUi(c, deps)]);
    return c.html(<SyncsPage ui={ui} {...data} />);
  });

  app.get("/syncs/status", async (c) =>
    c.html(statusFragment(fragmentUi(c), await loadSyncs(c, deps))),
  );

  app.post("/syncs", async (c) => {
    const ctx = tenantOf(c);
    const { started } = deps.useCases.sync.syncNow.start(ctx);
    if (!isHtmx(c)) return c.redirect(paths.company(ctx.company.id).syncs, 303);
    const ui = fragmentUi(c);
    return c.html(
      statusFragment(ui, await loadSyncs(c, deps), started ? undefined : ui.t.syncs.alreadyRunning),
    );
  });
}
