/**
 * R-SR-3: lead times and durations, in the customer's time zone. "N days ahead": the start date is at least N
 * dates after the application date. "N working days ahead": the working days after the application date up to
 * and including the start date number at least N (working days skip weekends and public holidays and include
 * make-up working days 调休). Advisory lead times (Huawei's 10 working days) warn instead of refusing.
 */
import { DomainError, validationFailed } from '../../../platform/errors.js';
import {
  addCalendarDays,
  earliestStartAfterWorkingDays,
  isWorkingDay,
  type BusinessCalendar,
} from '../../../domain/calendar/index.js';
import type { TAllowance, TLeadTime, TServiceDefinition } from '../../../domain/catalog/catalog-schema.js';

export interface ScheduleInput {
  readonly service: TServiceDefinition;
  readonly allowance: TAllowance | null;
  readonly protectionLevel: number | null;
  readonly applicationDate: string;
  readonly start: string;
  readonly days: number;
  /** Working-day calendar of the customer (region holidays, customer zone). */
  readonly workdays: BusinessCalendar;
}

export interface Warning {
  readonly code: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

export interface Schedule {
  readonly start: string;
  /** Last day of the request (inclusive). */
  readonly end: string;
  readonly warnings: Warning[];
}

export function earliestStart(lead: TLeadTime, applicationDate: string, workdays: BusinessCalendar): string {
  return lead.unit === 'days'
    ? addCalendarDays(applicationDate, lead.count)
    : earliestStartAfterWorkingDays(applicationDate, lead.count, workdays);
}

/** The last day of `days` working days starting on `start` (which must itself be a working day). */
function endAfterWorkingDays(start: string, days: number, workdays: BusinessCalendar): string {
  let end = start;
  let counted = 1;
  while (counted < days) {
    end = addCalendarDays(end, 1);
    if (isWorkingDay(end, workdays)) counted++;
  }
  return end;
}

/** No request is longer than a year, whatever the catalog leaves open (it also bounds the working-day walk). */
export const MAX_REQUEST_DAYS = 366;

/**
 * The duration rule (R-SR-2 "whole days only"): a service with `wholeDays: true` takes a positive whole number of
 * days; one with `wholeDays: false` also takes half days (0.5, 1.5…). Anything else — zero, a negative number, a
 * finer fraction, more than the maximum — is DURATION_NOT_ALLOWED (the route leaves the number to this rule).
 */
export function checkDuration(
  days: number,
  wholeDays: boolean,
  maxDays: number,
  context: Record<string, unknown> = {},
): void {
  const step = wholeDays ? 1 : 0.5;
  if (!Number.isFinite(days) || !Number.isInteger(days / step) || days < step) {
    throw new DomainError(
      'DURATION_NOT_ALLOWED',
      { days, reason: wholeDays ? 'whole_days' : 'half_days', minDays: step },
      wholeDays
        ? 'Requests are for a whole number of days (at least 1).'
        : 'Requests are for whole or half days (at least half a day).',
    );
  }
  if (days > maxDays)
    throw new DomainError(
      'DURATION_NOT_ALLOWED',
      { days, reason: 'too_long', maxDays, ...context },
      `At most ${maxDays} day(s) per request.`,
    );
}

/** The calendar or working days a request occupies: a half day takes its whole date. */
export function spanDays(days: number): number {
  return Math.ceil(days);
}

export function checkSchedule(i: ScheduleInput): Schedule {
  const protection =
    i.protectionLevel !== null ? i.service.protectionLevels?.find((p) => p.level === i.protectionLevel) : undefined;
  const maxDays = Math.min(
    protection?.maxDays ?? Infinity,
    i.service.maxDays ?? Infinity,
    i.allowance?.maxDaysPerRequest ?? Infinity,
    MAX_REQUEST_DAYS,
  );
  checkDuration(i.days, i.service.wholeDays, maxDays, protection ? { protectionLevel: protection.level } : {});
  const warnings: Warning[] = [];
  const lead = i.allowance?.leadTime ?? protection?.leadTime ?? i.service.leadTime;
  // A start before the application date is never a schedule, whether or not the lead time is only advice.
  if ((!lead || lead.advisory) && i.start < i.applicationDate) {
    throw validationFailed([{ path: 'body.start', message: `on or after ${i.applicationDate}` }]);
  }
  if (lead) {
    const earliest = earliestStart(lead, i.applicationDate, i.workdays);
    if (i.start < earliest) {
      const details = {
        earliestStart: earliest,
        leadTime: lead.count,
        unit: lead.unit,
        applicationDate: i.applicationDate,
      };
      if (lead.advisory)
        warnings.push({
          code: 'LEAD_TIME_ADVISED',
          message: `Apply ${lead.count} ${lead.unit.replace('_', ' ')} ahead; the earliest advised start is ${earliest}.`,
          details,
        });
      else
        throw new DomainError(
          'LEAD_TIME_TOO_SHORT',
          details,
          `This service must be requested ${lead.count} ${lead.unit.replace('_', ' ')} ahead: start on ${earliest} or later.`,
        );
    }
  }
  if (i.allowance?.unit === 'working_days' || i.service.startsOnWorkingDay) {
    if (!isWorkingDay(i.start, i.workdays))
      throw validationFailed([{ path: 'body.start', message: `${i.start} is not a working day` }]);
  }
  const span = spanDays(i.days);
  const end =
    i.allowance?.unit === 'working_days'
      ? endAfterWorkingDays(i.start, span, i.workdays)
      : addCalendarDays(i.start, span - 1);
  return { start: i.start, end, warnings };
}
