/** Nest exception class names as Cal.com's HttpExceptionFilter reports them in `error.code`. */
export type ExceptionName =
  | "BadRequestException"
  | "UnauthorizedException"
  | "ForbiddenException"
  | "NotFoundException"
  | "ThrottlerException"
  | "InternalServerErrorException";

const statusOf: Record<ExceptionName, number> = {
  BadRequestException: 400,
  UnauthorizedException: 401,
  ForbiddenException: 403,
  NotFoundException: 404,
  ThrottlerException: 429,
  InternalServerErrorException: 500,
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
