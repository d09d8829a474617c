/** R-TKT-1: open → in_progress → waiting_for_customer → resolved → closed, with the moves a helpdesk allows. */
export const TICKET_STATUSES = ['open', 'in_progress', 'waiting_for_customer', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

const MOVES: Record<TicketStatus, readonly TicketStatus[]> = {
  open: ['in_progress', 'waiting_for_customer', 'resolved', 'closed'],
  in_progress: ['waiting_for_customer', 'resolved', 'closed'],
  waiting_for_customer: ['in_progress', 'resolved', 'closed'],
  // A resolved ticket may be reopened (the problem came back) or closed.
  resolved: ['in_progress', 'closed'],
  closed: [],
};

export function canMove(from: TicketStatus, to: TicketStatus): boolean {
  return MOVES[from].includes(to);
}

export function isActive(status: TicketStatus): boolean {
  return status !== 'resolved' && status !== 'closed';
}
