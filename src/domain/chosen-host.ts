import type { BookingParticipants, CalcomHost } from "./entities.ts";

/**
 * The host whose staff member an appointment belongs to. In a round-robin event type with
 * fixed (mandatory) hosts Cal.com makes the first fixed host the organizer and lists the host it
 * chose from the pool among the booking's team members and attendees; the appointment is the
 * chosen host's. Without fixed hosts (or when only fixed hosts take part) it is the organizer.
 * `hosts` are the mirrored hosts of the booking's event type, with their member emails.
 */
export function chosenHostId(
  booking: {
    organizerId: number | null;
    eventTypeId: number | null;
    participants: BookingParticipants;
  },
  hosts: readonly Pick<CalcomHost, "calcomUserId" | "email" | "fixedIn">[],
): number | null {
  const { organizerId, eventTypeId } = booking;
  if (eventTypeId === null) return organizerId;
  const isFixed = (h: Pick<CalcomHost, "fixedIn">) => h.fixedIn.includes(eventTypeId);
  const organizer = hosts.find((h) => h.calcomUserId === organizerId);
  if (!organizer || !isFixed(organizer)) return organizerId;
  const pool = hosts.filter((h) => !isFixed(h));
  const byMember = pool.find((h) => booking.participants.memberIds.includes(h.calcomUserId));
  if (byMember) return byMember.calcomUserId;
  const emails = new Set(booking.participants.attendeeEmails.map((e) => e.trim().toLowerCase()));
  const byAttendee = pool.find((h) => h.email !== null && emails.has(h.email.trim().toLowerCase()));
  return byAttendee?.calcomUserId ?? organizerId;
}
