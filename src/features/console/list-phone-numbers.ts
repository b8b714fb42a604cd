import type { PhoneNumber, TenantContext } from "../../domain/entities.ts";
import type { PhoneNumberRepository } from "../../domain/ports.ts";

export function makeListPhoneNumbers(deps: { phoneNumbers: Pick<PhoneNumberRepository, "list"> }) {
  return (ctx: TenantContext): Promise<PhoneNumber[]> => deps.phoneNumbers.list(ctx.company.id);
}
