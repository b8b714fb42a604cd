import type { User, UserRole } from "../entities.ts";

/**
 * Storage ports. Every method on tenant data takes the company id first; an implementation
 * must never read or change another company's rows through it.
 */

export interface NewUser {
  email: string;
  passwordHash: string;
  role: UserRole;
  companyId: string | null;
}

export interface UserRepository {
  create(input: NewUser): Promise<User>;
  findByEmail(email: string): Promise<User | null>;
}
