import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import type { FixtureTeam } from "./fixture.ts";
import { badRequest } from "./http-errors.ts";
import { validate } from "./request-helpers.ts";
import type { SimState } from "./state.ts";
import { type FreeIds, type TeamTemplate, teamTemplates, templateTeam } from "./team-templates.ts";
import { type EventTypeWebhook, type WebhookDispatcher, webhookTriggers } from "./webhooks.ts";

/** A team made at runtime from a template, with the key that administers it. */
/** Teams made at runtime the simulator keeps (a demo onboards a handful). */
export const maxCreatedTeams = 200;

export interface CreatedTeam {
  template: TeamTemplate;
  apiKey: string;
  team: FixtureTeam;
}

export const createTeamInput = z.object({
  template: z.enum(teamTemplates).default("salon"),
  name: z.string().trim().min(1).max(200),
  /** Default: made from the name; a slug another team has gets a number appended. */
  slug: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lowercase letters, digits and single dashes")
    .max(60)
    .optional(),
});

export type CreateTeamInput = z.input<typeof createTeamInput>;

// The team itself is checked by SimState.addTeam, together with the teams already there.
const teamsFileSchema = z.object({
  teams: z.array(
    z.object({
      template: z.enum(teamTemplates),
      apiKey: z.string().min(1),
      team: z.custom<FixtureTeam>((v) => typeof v === "object" && v !== null, "must be a team"),
      /** The webhooks registered on the team's event types (with their secrets). */
      webhooks: z
        .array(
          z.object({
            id: z.string().min(1),
            eventTypeId: z.number().int(),
            subscriberUrl: z.string(),
            active: z.boolean(),
            triggers: z.array(z.enum(webhookTriggers)),
            secret: z.string().nullable(),
            payloadTemplate: z.string().nullable(),
          }),
        )
        .default([]),
    }),
  ),
});

type HookStore = Pick<WebhookDispatcher, "listHooks" | "restoreHook" | "onHooksChanged">;

/** Ids of created teams start above these, away from the fixtures' (demo: 1001, 2001, 501 …). */
const floors: FreeIds = { team: 5001, eventType: 6001, user: 7001, membership: 17001 };

function slugOf(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug === "" ? "team" : slug;
}

/**
 * Teams made from a template while the simulator runs. With a file they are written there on
 * every change and re-created from it (same ids, key, members and event type webhooks) when the
 * next simulator starts, so a company wired to one keeps working across restarts.
 */
export class CreatedTeams {
  private readonly created: CreatedTeam[] = [];

  constructor(
    private readonly state: SimState,
    private readonly file: string | undefined,
    private readonly hooks: HookStore,
  ) {
    hooks.onHooksChanged((eventTypeId) => {
      if (this.created.some((c) => c.team.eventTypes.some((e) => e.id === eventTypeId))) {
        this.save();
      }
    });
    if (!file || !existsSync(file)) return;
    try {
      const saved = teamsFileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
      for (const { webhooks, ...entry } of saved.teams) {
        state.addTeam(entry.team, entry.apiKey);
        this.created.push(entry);
        const own = new Set(entry.team.eventTypes.map((e) => e.id));
        for (const hook of webhooks) if (own.has(hook.eventTypeId)) hooks.restoreHook(hook);
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`simulator teams file ${file} cannot be read: ${reason}`);
    }
  }

  create(raw: CreateTeamInput): CreatedTeam {
    const input = validate(createTeamInput, raw);
    // The control route has no auth (loopback only): a loop of requests must not grow without end.
    if (this.created.length >= maxCreatedTeams)
      throw badRequest(`the simulator keeps at most ${maxCreatedTeams} created teams`);
    const taken = new Set([...this.state.teams.values()].map((r) => r.team.slug));
    const base = input.slug ?? slugOf(input.name);
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    const team = templateTeam(input.template, { slug, name: input.name }, this.freeIds());
    const apiKey = `cal_test_${slug.replace(/-/g, "_")}_${randomBytes(8).toString("hex")}`;
    this.state.addTeam(team, apiKey);
    const entry: CreatedTeam = { template: input.template, apiKey, team };
    this.created.push(entry);
    this.save();
    return structuredClone(entry);
  }

  list(): CreatedTeam[] {
    return structuredClone(this.created);
  }

  private freeIds(): FreeIds {
    const next = (floor: number, ids: number[]) => Math.max(floor, Math.max(0, ...ids) + 1);
    const records = [...this.state.teams.values()];
    return {
      team: next(
        floors.team,
        records.map((r) => r.team.id),
      ),
      eventType: next(floors.eventType, [...this.state.eventTypes.keys()]),
      user: next(
        floors.user,
        records.flatMap((r) => r.team.members.map((m) => m.userId)),
      ),
      membership: next(
        floors.membership,
        this.state.memberships().map((m) => m.id),
      ),
    };
  }

  /** Written whole and renamed into place, so a crash never leaves half a file; it holds keys. */
  private save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    const teams = this.created.map((entry) => ({
      ...entry,
      webhooks: entry.team.eventTypes.flatMap((e): EventTypeWebhook[] =>
        this.hooks.listHooks(e.id),
      ),
    }));
    writeFileSync(temporary, `${JSON.stringify({ teams }, null, 2)}\n`, {
      mode: 0o600,
    });
    renameSync(temporary, this.file);
  }
}
