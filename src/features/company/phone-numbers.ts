import { z } from "zod";
import type { PhoneNumber, TenantContext, UserRole } from "../../domain/entities.ts";
import { AppError, ConflictError, NotFoundError, ValidationError } from "../../domain/errors.ts";
import { toE164 } from "../../domain/phone.ts";
import type { PhoneNumberRepository } from "../../domain/ports/company.ts";
import { parseInput } from "../parse-input.ts";

/**
 * A phone number routes calls, and with them bookings, cancellations and the caller's
 * appointments, to a company: only the platform decides which. A company admin sees the list;
 * the operator's CLI (`actor: cli`) and a platform admin in the console add and remove.
 */
export interface PhoneRoutingContext extends TenantContext {
  /** The console login's role; absent for the CLI and the other adapters. */
  role?: UserRole;
}

export const actsAsPlatform = (ctx: PhoneRoutingContext): boolean =>
  ctx.actor.type === "cli" || (ctx.actor.type === "user" && ctx.role === "platform_admin");

function requirePlatform(ctx: PhoneRoutingContext): void {
  if (!actsAsPlatform(ctx))
    throw new AppError("forbidden", "only a platform admin can change which numbers route here");
}

export const addPhoneNumberInput = z.object({
  number: z.string().trim().min(1, "is required").max(40),
  label: z.string().trim().max(100).optional(),
});

export const removePhoneNumberInput = z.object({
  number: z.string().trim().min(1, "is required").max(40),
});

export interface AddPhoneNumberResult {
  phoneNumber: PhoneNumber;
  created: boolean;
}

function e164Of(ctx: TenantContext, number: string): string {
  const parsed = toE164(number, ctx.company.country);
  if (!parsed.ok)
    throw new ValidationError(`invalid phone number: ${parsed.message}`, [
      {
        where: "number",
        message: parsed.message,
        code: "not_phone",
        params: { country: ctx.company.country },
      },
    ]);
  return parsed.e164;
}

/** Routes an incoming number to the company. A number can route to one company only. */
export function makeAddPhoneNumber(deps: {
  phoneNumbers: Pick<PhoneNumberRepository, "add" | "findByNumber">;
}) {
  return async (
    ctx: PhoneRoutingContext,
    raw: z.input<typeof addPhoneNumberInput>,
  ): Promise<AddPhoneNumberResult> => {
    requirePlatform(ctx);
    const input = parseInput(addPhoneNumberInput, raw, "phone number");
    const e164 = e164Of(ctx, input.number);
    const existing = await deps.phoneNumbers.findByNumber(e164);
    if (existing?.companyId === ctx.company.id) return { phoneNumber: existing, created: false };
    // Never say which company holds it: that would leak another tenant.
    if (existing) throw new ConflictError(`${e164} is already routed to another company`);
    try {
      return {
        phoneNumber: await deps.phoneNumbers.add(ctx.company.id, e164, input.label ?? null),
        created: true,
      };
    } catch (error) {
      if (error instanceof ConflictError)
        throw new ConflictError(`${e164} is already routed to another company`);
      throw error;
    }
  };
}

/**
 * Stops routing one of the company's numbers. Another company's number, or one not routed at
 * all, is "not found" alike, and stays where it is.
 */
export function makeRemovePhoneNumber(deps: {
  phoneNumbers: Pick<PhoneNumberRepository, "remove">;
}) {
  return async (
    ctx: PhoneRoutingContext,
    raw: z.input<typeof removePhoneNumberInput>,
  ): Promise<{ number: string }> => {
    requirePlatform(ctx);
    const input = parseInput(removePhoneNumberInput, raw, "phone number");
    const e164 = e164Of(ctx, input.number);
    if (!(await deps.phoneNumbers.remove(ctx.company.id, e164)))
      throw new NotFoundError(`${e164} does not route to this company`);
    return { number: e164 };
  };
}

export function makeListPhoneNumbers(deps: { phoneNumbers: Pick<PhoneNumberRepository, "list"> }) {
  return (ctx: TenantContext): Promise<PhoneNumber[]> => deps.phoneNumbers.list(ctx.company.id);
}
