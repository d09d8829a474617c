/** The service-requests context's public face: other contexts and the composition root import only this. */
export { createServiceRequestsModule, type ServiceRequestsPorts, type ServiceRequestsProvides } from './module.js';
export { serviceAllowanceQuotas } from './use-cases/allowance-quotas.js';
export { deliveredRequests, deliveredRequestsOf, liveRequestFacts, upcomingRequestsOf } from './store/request-facts.js';
