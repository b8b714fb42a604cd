import type { ApiApp, ApiDeps } from "../api-env.ts";
import { companyRoutes } from "./companies.ts";
import { eventTypeRoutes } from "./event-types.ts";
import { serviceRoutes } from "./services.ts";
import { staffRoutes } from "./staff.ts";

/** Every route group of /api/v1. */
export function apiRoutes(app: ApiApp, deps: ApiDeps) {
  companyRoutes(app, deps);
  staffRoutes(app, deps);
  serviceRoutes(app, deps);
  eventTypeRoutes(app, deps);
}
