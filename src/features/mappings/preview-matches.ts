import { ValidationError } from "../../domain/errors.ts";
import {
  type MatchPreviewOutput,
  matchPreviewInputSchema,
  runMatchPreview,
} from "../../domain/matching/index.ts";
import { parseInput } from "../parse-input.ts";

/** `match-preview`: the sync's matcher on a file's hosts, staff and mappings; writes nothing. */
export function previewMatches(text: string): MatchPreviewOutput {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ValidationError("the input is not valid JSON", [
      { where: "$", message: (error as Error).message },
    ]);
  }
  return runMatchPreview(parseInput(matchPreviewInputSchema, json, "match-preview input", "$"));
}
