/** Wire schemas of the report routes (API.md "Monthly service reports"). */
import { z } from 'zod';
import { named } from '../../../platform/http/schemas.js';

export const ZMonth = z
  .string()
  .regex(/^[1-9]\d{3}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM')
  .refine((m) => Number(m.slice(0, 4)) <= 9998, 'a month in the years 1000–9998 (the calendar engine’s years)')
  .describe('A month, YYYY-MM (the provider’s time zone)');

export const ZReportSummaryOut = named(
  z.object({
    id: z.string(),
    accountId: z.string(),
    month: z.string(),
    version: z.number().int(),
    trigger: z.enum(['schedule', 'staff']),
    locale: z.string(),
    status: z.enum(['generated', 'sent', 'failed']),
    issuedAt: z.string(),
    sentAt: z.string().nullable(),
  }),
  'ReportSummary',
  'One version of a monthly report (without its sections)',
);

export const ZReportSectionOut = named(
  z
    .object({
      id: z.string(),
      title: z.string(),
      missingData: z.literal(true).optional(),
      missingReason: z.string().optional(),
    })
    .catchall(z.unknown()),
  'ReportSection',
  'A section of a report (the catalog’s reports.sections); missingData with a sentence why where its data is absent (R-RPT-3)',
);

export const ZReportOut = named(
  z.object({
    id: z.string(),
    accountId: z.string(),
    month: z.string(),
    version: z.number().int(),
    trigger: z.enum(['schedule', 'staff']),
    locale: z.string(),
    issuedAt: z.string(),
    sections: z.array(ZReportSectionOut),
  }),
  'Report',
  'A monthly service report (R-RPT-2)',
);

export const ZScheduleOut = named(
  z.object({
    accountId: z.string(),
    month: z.string(),
    dueDate: z.string().describe('The last local date the report may be sent (R-RPT-1)'),
    sendAt: z.string(),
    status: z.enum(['scheduled', 'generated', 'sent', 'failed']),
    reportId: z.string().nullable(),
    recipients: z.array(z.string()),
    sentAt: z.string().nullable(),
    error: z.string().nullable(),
  }),
  'ReportSchedule',
  'One account’s report of one month on the schedule',
);

export const ZRegenerateIn = z.object({
  mail: z.boolean().default(false).describe('Mail the new version to the recipients too'),
});
