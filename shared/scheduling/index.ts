/** Pure scheduling domain logic: zoned time, recurrence, the appointment index and the booking check. */
export type { InstantRange, WallClockTime, ZonedParts } from './time';
export {
  HOUR_MS,
  MINUTE_MS,
  MONTH_NAMES,
  WEEKDAY_NAMES,
  dayRange,
  daysTouched,
  formatClock,
  formatDay,
  formatHours,
  formatMinutes,
  formatSpan,
  instantAtMinutesOfDay,
  instantFromZoned,
  isSameZonedDay,
  isValidTimeZone,
  minutesOfDay,
  parseClockTime,
  weekRange,
  weekdayName,
  zonedParts,
} from './time';
export type { ExpandOptions, Occurrence, WeeklyRuleInput } from './recurrence';
export { describeRule, expandSeries, validateRule, weeklyRule } from './recurrence';
export type { AppointmentFilter, IndexedAppointment } from './interval-index';
export { AppointmentIndex, everyAppointment, occupiesTime } from './interval-index';
export type {
  BookingCandidate,
  BookingCheck,
  BookingContext,
  Conflict,
  HardConflictCode,
  SoftWarningCode,
  Warning,
} from './conflicts';
export { checkBooking, isClinical } from './conflicts';
