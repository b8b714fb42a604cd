import type { ApiApp, ApiDeps } from "../api-env.ts";
import { appointmentRoutes } from "./appointments.ts";
import { auditRoutes } from "./audit.ts";
import { callRoutes } from "./calls.ts";
import { companyRoutes } from "./companies.ts";
import { customerRoutes } from "./customers.ts";
import { eventTypeRoutes } from "./event-types.ts";
import { hostMappingRoutes } from "./host-mappings.ts";
import { serviceRoutes } from "./services.ts";
import { staffRoutes } from "./staff.ts";
import { syncRoutes } from "./syncs.ts";

/** Every route group of /api/v1. */
export function apiRoutes(app: ApiApp, deps: ApiDeps) {
  companyRoutes(app, deps);
  staffRoutes(app, deps);
  serviceRoutes(app, deps);
  eventTypeRoutes(app, deps);
  hostMappingRoutes(app, deps);
  syncRoutes(app, deps);
  appointmentRoutes(app, deps);
  callRoutes(app, deps);
  auditRoutes(app, deps);
  customerRoutes(app, deps);
}
