import { z } from "zod";
import type { PhoneNumber, TenantContext } from "../domain/entities.ts";
import { ConflictError, ValidationError } from "../domain/errors.ts";
import { toE164 } from "../domain/phone.ts";
import type { PhoneNumberRepository } from "../domain/ports.ts";
import { parseInput } from "./validate.ts";

export const addPhoneNumberInput = z.object({
  number: z.string().trim().min(1, "is required"),
  label: z.string().trim().max(100).optional(),
});

export interface AddPhoneNumberResult {
  phoneNumber: PhoneNumber;
  created: boolean;
}

/** Routes an incoming number to the company. A number can route to one company only. */
export function makeAddPhoneNumber(deps: {
  phoneNumbers: Pick<PhoneNumberRepository, "add" | "findByNumber">;
}) {
  return async (
    ctx: TenantContext,
    raw: z.input<typeof addPhoneNumberInput>,
  ): Promise<AddPhoneNumberResult> => {
    const input = parseInput(addPhoneNumberInput, raw, "phone number");
    const parsed = toE164(input.number, ctx.company.country);
    if (!parsed.ok)
      throw new ValidationError(`invalid phone number: ${parsed.message}`, [
        { where: "number", message: parsed.message },
      ]);

    const existing = await deps.phoneNumbers.findByNumber(parsed.e164);
    if (existing?.companyId === ctx.company.id) return { phoneNumber: existing, created: false };
    // Never say which company holds it: that would leak another tenant.
    if (existing) throw new ConflictError(`${parsed.e164} is already routed to another company`);
    try {
      return {
        phoneNumber: await deps.phoneNumbers.add(ctx.company.id, parsed.e164, input.label ?? null),
        created: true,
      };
    } catch (error) {
      if (error instanceof ConflictError)
        throw new ConflictError(`${parsed.e164} is already routed to another company`);
      throw error;
    }
  };
}
