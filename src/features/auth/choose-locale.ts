import type { Locale, User } from "../../domain/entities.ts";
import type { UserRepository } from "../../domain/ports/auth.ts";

/** The user's console language; null goes back to the browser's (or the company's). */
export function makeChooseLocale(deps: { users: Pick<UserRepository, "setLocale"> }) {
  return (user: User, locale: Locale | null): Promise<void> =>
    deps.users.setLocale(user.id, locale);
}
