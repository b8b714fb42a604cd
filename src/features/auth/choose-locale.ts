import type { ConsoleUserRepository } from "../../domain/auth.ts";
import type { Locale, User } from "../../domain/entities.ts";

/** The user's console language; null goes back to the browser's (or the company's). */
export function makeChooseLocale(deps: { consoleUsers: Pick<ConsoleUserRepository, "setLocale"> }) {
  return (user: User, locale: Locale | null): Promise<void> =>
    deps.consoleUsers.setLocale(user.id, locale);
}
