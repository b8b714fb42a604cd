import { bookAppointment } from "./book-appointment.ts";
import { cancelAppointment } from "./cancel-appointment.ts";
import { checkAvailability } from "./check-availability.ts";
import type { VoiceFunction } from "./define-function.ts";
import { findAppointments } from "./find-appointments.ts";
import { listServices } from "./list-services.ts";
import { listStaff } from "./list-staff.ts";
import { rescheduleAppointment } from "./reschedule-appointment.ts";

/** Every function the voice agent can call, in the order `retell-tools` publishes them. */
export const voiceFunctions: readonly VoiceFunction[] = [
  listServices,
  listStaff,
  checkAvailability,
  bookAppointment,
  findAppointments,
  cancelAppointment,
  rescheduleAppointment,
];

const byName = new Map(voiceFunctions.map((fn) => [fn.name, fn]));

/** The function of that name (after `functionBaseName`), if there is one. */
export const functionByName = (name: string): VoiceFunction | undefined => byName.get(name);
