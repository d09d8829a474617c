/** What the service-requests context needs from others, wired in the composition root. */
import type { Deps } from '../../platform/deps.js';
import type { BusinessCalendar } from '../../domain/calendar/index.js';
import type { Catalog } from '../../domain/catalog/catalog.js';
import type { Notifier } from '../notifications/index.js';

export interface ServiceRequestsDeps extends Deps {
  /** The customer's working-day calendar: weekdays, the region's public holidays and make-up days, their zone. */
  readonly workdays: (catalog: Catalog, regionId: string, zone: string) => BusinessCalendar;
  readonly notifier: Notifier;
}
