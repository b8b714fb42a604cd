import type { Command } from "commander";
import type { ApiToken } from "../../domain/ports/api-tokens.ts";
import type { CliApp, CommandContext } from "../context.ts";

const cli = { type: "cli" } as const;

/** --company's id, or null for the platform's tokens. */
async function ownerOf(ctx: CommandContext, app: CliApp, slug: string | undefined) {
  return slug === undefined ? null : (await ctx.tenant(app, slug)).company.id;
}

const describeToken = (t: ApiToken) =>
  [
    t.id,
    `${t.prefix}…`,
    t.scope,
    t.name,
    t.revokedAt ? `revoked ${t.revokedAt}` : t.expiresAt ? `expires ${t.expiresAt}` : "no expiry",
    `last used ${t.lastUsedAt ?? "never"}`,
  ].join("  ");

/**
 * Tokens of the JSON API (docs/api.md). The secret is printed once, by `create`; nothing
 * stores it, so a lost one is revoked and made anew.
 */
export function registerTokenCommands(program: Command, ctx: CommandContext): void {
  const token = program
    .command("token")
    .description("API tokens: a platform token (no --company) or a company's");

  token
    .command("create")
    .description("make a token and print its secret once")
    .requiredOption("--name <name>", "what the token is for")
    .option("--company <slug>", "a company token (default: a platform token)")
    .option("--scope <scope>", "read or write", "read")
    .option("--expires-in-days <days>", "days until it stops working; 0 never", "365")
    .action(
      async (
        opts: { name: string; company?: string; scope: string; expiresInDays: string },
        command: Command,
      ) => {
        await ctx.run(command, async (app) => {
          const companyId = await ownerOf(ctx, app, opts.company);
          const { token: made, secret } = await app.useCases.api.createApiToken(cli, {
            companyId,
            name: opts.name,
            scope: opts.scope as "read",
            expiresInDays: opts.expiresInDays as unknown as number,
          });
          return {
            json: { ...made, secret },
            text: [
              `created ${made.scope} token ${made.id} (${made.name})`,
              secret,
              "store it now: it is not shown again",
            ].join("\n"),
          };
        });
      },
    );

  token
    .command("list")
    .description("the tokens, newest first (never their secrets)")
    .option("--company <slug>", "a company's tokens (default: the platform's)")
    .action(async (opts: { company?: string }, command: Command) => {
      await ctx.run(command, async (app) => {
        const tokens = await app.useCases.api.listApiTokens(
          cli,
          await ownerOf(ctx, app, opts.company),
        );
        return {
          json: tokens,
          text: tokens.length ? tokens.map(describeToken).join("\n") : "no tokens",
        };
      });
    });

  token
    .command("revoke")
    .description("stop a token at once")
    .argument("<tokenId>", "the id `token list` shows")
    .option("--company <slug>", "the company the token belongs to (default: a platform token)")
    .action(async (tokenId: string, opts: { company?: string }, command: Command) => {
      await ctx.run(command, async (app) => {
        await app.useCases.api.revokeApiToken(cli, await ownerOf(ctx, app, opts.company), tokenId);
        return { json: { revoked: tokenId }, text: `revoked ${tokenId}` };
      });
    });
}
