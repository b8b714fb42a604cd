/** Nest exception class names as Cal.com's HttpExceptionFilter reports them in `error.code`. */
export type ExceptionName =
  | "BadRequestException"
  | "UnauthorizedException"
  | "ForbiddenException"
  | "NotFoundException"
  | "ConflictException"
  | "UnprocessableEntityException"
  | "ThrottlerException"
  | "InternalServerErrorException"
  /** Errors of Cal.com's shared (tRPC) handlers; the simulator only raises BAD_REQUEST ones. */
  | "TRPCError";

const statusOf: Record<ExceptionName, number> = {
  BadRequestException: 400,
  UnauthorizedException: 401,
  ForbiddenException: 403,
  NotFoundException: 404,
  ConflictException: 409,
  UnprocessableEntityException: 422,
  ThrottlerException: 429,
  InternalServerErrorException: 500,
  TRPCError: 400,
};

/** Thrown by route handlers; the app's error handler turns it into Cal.com's error envelope. */
export class CalApiError extends Error {
  constructor(
    readonly code: ExceptionName,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get status(): number {
    return statusOf[this.code];
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new CalApiError("BadRequestException", message, details);
export const unauthorized = (message: string) => new CalApiError("UnauthorizedException", message);
export const forbidden = (message: string) => new CalApiError("ForbiddenException", message);
export const notFound = (message: string) => new CalApiError("NotFoundException", message);
export const conflict = (message: string) => new CalApiError("ConflictException", message);

/** How Cal.com's tRPC exception filter words a BAD_REQUEST from a shared handler. */
export const trpcBadRequest = () =>
  new CalApiError("TRPCError", "Bad request: Please check your request data and try again");

export const throttledMessage = "CustomThrottlerGuard - Too many requests. Please try again later.";

/** `{status:"error", timestamp, path, error:{code, message, details?}}` with the real HTTP status. */
export function errorResponse(error: CalApiError, path: string, timestamp: string): Response {
  return Response.json(
    {
      status: "error",
      timestamp,
      path,
      error: {
        code: error.code,
        message: error.message,
        ...(error.details === undefined ? {} : { details: error.details }),
      },
    },
    { status: error.status },
  );
}
