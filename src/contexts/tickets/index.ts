/** The tickets context's public face: other contexts and the composition root import only this. */
export { createTicketsModule, type TicketsPorts } from './module.js';
export type { SlaAdjuster, SlaAdjustment, TicketCalendars } from './ports.js';
export { ticketsForReport, ticketsForReports, type ReportTicket } from './store/report-reads.js';
/** Read by other contexts (issue 14: they import only this face). */
export { bytea } from './store/tables.js';
export { minutesOf, raiseSeverity } from './domain/intake.js';
