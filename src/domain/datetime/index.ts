export { toUtcRange } from "./calendar.ts";
export { type DayPart, dayPartDefault } from "./day-part.ts";
export {
  type ParsedWhen,
  parseWhen,
  type WhenContext,
  type WhenError,
  type WhenInput,
} from "./parse-when.ts";
export { isTimeExpression } from "./phrase.ts";
export {
  describeToday,
  type SpeakContext,
  speakableSlot,
  speakableSlotsByDay,
  type Today,
} from "./speak.ts";
export { localDateOf, localHourOf, withZoneOffset } from "./zoned.ts";
