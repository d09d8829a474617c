/** Names for the generated component schemas the pages use. */
import type { components } from './schema';

type S = components['schemas'];
export type Catalog = S['Catalog'];
export type Level = S['Level'];
export type Plan = S['Plan'];
export type Quote = S['Quote'];
export type Order = S['Order'];
export type Ticket = S['Ticket'];
export type TicketDetail = S['TicketDetail'];
export type ServiceRequest = S['ServiceRequest'];
export type Bill = S['Bill'];
export type Message = S['Message'];
export type Account = S['Account'];
export type Incident = S['Incident'];
export type MoneyLine = S['MoneyLine'];
export type AdvisorOverview = S['AdvisorOverview'];
export type AdvisorRule = S['AdvisorRule'];
export type AdvisorRun = S['AdvisorRun'];
export type AdvisorFinding = S['AdvisorFinding'];
export type AdvisorSchedule = S['AdvisorSchedule'];
export type RiskSummary = S['RiskSummary'];
export type NotificationPreferences = S['NotificationPreferences'];
export type CallTask = S['CallTask'];
