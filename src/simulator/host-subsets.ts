import { z } from "zod";
import { badRequest } from "./http-errors.ts";

/** Cal.com's hidden parameter naming the round-robin hosts to consider. */
export const hostSubsetParam = "rrHostSubsetIds";

/** The ids as `GET /v2/slots` takes them: one comma-separated query value. */
export const hostSubsetQuery = z
  .string()
  .regex(/^\d+(,\d+)*$/, `${hostSubsetParam} must be a comma-separated list of integers`)
  .transform((v) => v.split(",").map(Number));

/** The ids as bookings and reschedules take them in their JSON body. */
export const hostSubsetBody = z.array(
  z.number().int(`each value in ${hostSubsetParam} must be an integer number`),
  { error: `${hostSubsetParam} must be an array` },
);

/**
 * An older Cal.com does not know the parameter, and its ValidationPipe (forbidNonWhitelisted)
 * refuses any request that sends it, before doing anything else.
 */
export function refuseHostSubsets(refused: boolean, input: unknown): void {
  if (!refused || typeof input !== "object" || input === null || !(hostSubsetParam in input)) {
    return;
  }
  const message = `property ${hostSubsetParam} should not exist`;
  throw badRequest(message, { errors: [{ property: hostSubsetParam, message }] });
}
