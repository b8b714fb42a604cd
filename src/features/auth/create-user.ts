import { z } from "zod";
import type { User } from "../../domain/entities.ts";
import { ValidationError } from "../../domain/errors.ts";
import type { UserRepository } from "../../domain/ports/auth.ts";
import type { CompanyRepository } from "../../domain/ports/company.ts";
import { emailSchema } from "../company/company-schemas.ts";
import { parseInput } from "../parse-input.ts";

export const createUserInput = z
  .object({
    email: emailSchema,
    password: z.string().min(10, "must be at least 10 characters").max(1024),
    role: z.enum(["platform_admin", "company_admin"]),
    companySlug: z.string().trim().min(1).optional(),
  })
  .refine((u) => (u.role === "company_admin") === (u.companySlug !== undefined), {
    message: "a company_admin needs --company; a platform_admin has none",
    path: ["companySlug"],
  });

export function makeCreateUser(deps: {
  users: Pick<UserRepository, "create">;
  companies: Pick<CompanyRepository, "findBySlug">;
  hashPassword: (password: string) => Promise<string>;
}) {
  return async (raw: z.input<typeof createUserInput>): Promise<User> => {
    const input = parseInput(createUserInput, raw, "user");
    let companyId: string | null = null;
    if (input.companySlug) {
      const company = await deps.companies.findBySlug(input.companySlug);
      if (!company) {
        throw new ValidationError(`no company with the slug "${input.companySlug}"`, [
          { where: "companySlug", message: "unknown company" },
        ]);
      }
      companyId = company.id;
    }
    return deps.users.create({
      email: input.email,
      passwordHash: await deps.hashPassword(input.password),
      role: input.role,
      companyId,
    });
  };
}
