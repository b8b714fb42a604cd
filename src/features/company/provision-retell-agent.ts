import type { Company, TenantContext } from "../../domain/entities.ts";
import { AppError } from "../../domain/errors.ts";
import type {
  CompanyRepository,
  PhoneNumberRepository,
  RetellAgentRepository,
} from "../../domain/ports/company.ts";
import type {
  RetellAgentApi,
  RetellAgentBlueprint,
  RetellFields,
  RetellRecordKind,
} from "../../domain/ports/retell-api.ts";
import { makeAddRetellAgent } from "./add-retell-agent.ts";

/** Why nothing was set up: no key, no public address, or Retell refused a step. */
export type ProvisionProblem = "no_api_key" | "no_public_url" | "retell_failed";

/** The steps, in order: a failure names the one that failed. */
export type ProvisionStep =
  | "retrieve_llm"
  | "create_llm"
  | "update_llm"
  | "retrieve_agent"
  | "create_agent"
  | "update_agent"
  | "retrieve_phone_number"
  | "update_phone_number";

export class RetellProvisioningError extends AppError {
  constructor(
    readonly problem: ProvisionProblem,
    message: string,
    readonly step: ProvisionStep | null = null,
    /** A number a phone-number step was about. */
    readonly number: string | null = null,
    /** What Retell answered, as the adapter put it (e.g. "HTTP 500: …"). */
    readonly detail: string | null = null,
  ) {
    super(problem === "retell_failed" ? "unavailable" : "invalid_input", message);
  }
}

/** `missing`: a number Retell does not have (bought or imported there first). */
export type ProvisionAction = "created" | "updated" | "unchanged" | "missing";

export interface ProvisionOutcome {
  kind: RetellRecordKind;
  id: string;
  action: ProvisionAction;
  /** The fields sent in an update (or all of them on create). */
  fields: string[];
}

export interface ProvisionResult {
  dryRun: boolean;
  /** What is (or would be) sent: the LLM, the agent, and each number's binding. */
  configuration: {
    llm: RetellFields;
    agent: RetellFields;
    phoneNumbers: { phone_number: string; fields: RetellFields }[];
  };
  /** Empty in a dry run. */
  outcomes: ProvisionOutcome[];
}

/** Ids a dry run shows for what would be created. */
export const pendingIds = { llm: "<new LLM id>", agent: "<new agent id>" } as const;

/**
 * Whether `actual` holds every value of `desired` (Retell adds fields of its own to a record,
 * such as versions and timestamps, which are no difference).
 */
export function holds(actual: unknown, desired: unknown): boolean {
  if (Array.isArray(desired))
    return (
      Array.isArray(actual) &&
      actual.length === desired.length &&
      desired.every((d, i) => holds(actual[i], d))
    );
  if (desired !== null && typeof desired === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
    const record = actual as Record<string, unknown>;
    return Object.entries(desired).every(([k, v]) => v === undefined || holds(record[k], v));
  }
  return actual === desired;
}

/** The fields of `desired` the record does not hold, but those only set on create. */
export function differingFields(
  desired: RetellFields,
  actual: RetellFields,
  createOnly: readonly string[],
): string[] {
  return Object.keys(desired).filter(
    (k) => !createOnly.includes(k) && desired[k] !== undefined && !holds(actual[k], desired[k]),
  );
}

const pick = (fields: RetellFields, keys: string[]): RetellFields =>
  Object.fromEntries(keys.map((k) => [k, fields[k]]));

/**
 * Sets up (or brings up to date) the company's agent in Retell: its LLM, the agent and the
 * binding of each of its numbers. The ids are kept on the company, so a re-run reads, compares
 * and sends only what differs; an id Retell no longer knows is created again. The agent is
 * routed to the company as well. A dry run only builds what would be sent.
 */
export function makeProvisionRetellAgent(deps: {
  retellAgentApi: RetellAgentApi;
  /** PUBLIC_URL, where Retell reaches this server; unset, nothing can be set up. */
  publicUrl: string | undefined;
  blueprint(company: Company, publicUrl: string): RetellAgentBlueprint;
  companies: Pick<CompanyRepository, "update">;
  phoneNumbers: Pick<PhoneNumberRepository, "list">;
  retellAgents: Pick<RetellAgentRepository, "findByAgentId" | "add">;
}) {
  const api = deps.retellAgentApi;
  const route = makeAddRetellAgent(deps);
  return async (ctx: TenantContext, input: { dryRun?: boolean } = {}): Promise<ProvisionResult> => {
    const { company } = ctx;
    const dryRun = input.dryRun === true;
    if (!deps.publicUrl)
      throw new RetellProvisioningError(
        "no_public_url",
        "PUBLIC_URL is not set: Retell needs the https address it reaches this server at",
      );
    if (!dryRun && !api.configured)
      throw new RetellProvisioningError(
        "no_api_key",
        "RETELL_API_KEY is not set: set it to the Retell workspace's API key (or use --dry-run)",
      );
    const blueprint = deps.blueprint(company, deps.publicUrl);
    const numbers = (await deps.phoneNumbers.list(company.id)).map((p) => p.number);
    const configuration = (llmId: string, agentId: string) => ({
      llm: blueprint.llm,
      agent: blueprint.agent(llmId),
      phoneNumbers: numbers.map((n) => ({
        phone_number: n,
        fields: blueprint.phoneNumber(agentId),
      })),
    });
    if (dryRun)
      return {
        dryRun,
        configuration: configuration(
          company.retell?.llmId ?? pendingIds.llm,
          company.retell?.agentId ?? pendingIds.agent,
        ),
        outcomes: [],
      };

    const step = async <T>(name: ProvisionStep, run: () => Promise<T>, number?: string) => {
      try {
        return await run();
      } catch (error) {
        const about = number ? ` ${number}` : "";
        const detail = (error as Error).message;
        throw new RetellProvisioningError(
          "retell_failed",
          `Retell refused to ${name.replace("_", " ").replaceAll("_", " ")}${about}: ${detail}`,
          name,
          number ?? null,
          detail,
        );
      }
    };
    const outcomes: ProvisionOutcome[] = [];
    /** The record kept up to date, created when there is none (or Retell forgot it). */
    const keep = async (
      kind: "llm" | "agent",
      storedId: string | null | undefined,
      desired: RetellFields,
      save: (id: string) => Promise<unknown>,
    ) => {
      const existing = storedId
        ? await step(`retrieve_${kind}`, () => api.retrieve(kind, storedId))
        : null;
      if (storedId && existing) {
        const fields = differingFields(desired, existing, blueprint.createOnly);
        if (fields.length > 0)
          await step(`update_${kind}`, () => api.update(kind, storedId, pick(desired, fields)));
        outcomes.push({
          kind,
          id: storedId,
          action: fields.length ? "updated" : "unchanged",
          fields,
        });
        return storedId;
      }
      const id = await step(`create_${kind}`, () => api.create(kind, desired));
      // Kept at once: a later step failing must not lead to a second record on the next run.
      await save(id);
      outcomes.push({ kind, id, action: "created", fields: Object.keys(desired) });
      return id;
    };

    const llmId = await keep("llm", company.retell?.llmId, blueprint.llm, (id) =>
      deps.companies.update(company.id, { retellLlmId: id }),
    );
    const agentId = await keep("agent", company.retell?.agentId, blueprint.agent(llmId), (id) =>
      deps.companies.update(company.id, { retellAgentId: id }),
    );
    await route(ctx, { agentId });
    const binding = blueprint.phoneNumber(agentId);
    for (const number of numbers) {
      const record = await step(
        "retrieve_phone_number",
        () => api.retrieve("phone_number", number),
        number,
      );
      if (!record) {
        outcomes.push({ kind: "phone_number", id: number, action: "missing", fields: [] });
        continue;
      }
      const fields = differingFields(binding, record, blueprint.createOnly);
      if (fields.length > 0)
        await step(
          "update_phone_number",
          () => api.update("phone_number", number, pick(binding, fields)),
          number,
        );
      outcomes.push({
        kind: "phone_number",
        id: number,
        action: fields.length ? "updated" : "unchanged",
        fields,
      });
    }
    return { dryRun, configuration: configuration(llmId, agentId), outcomes };
  };
}
