/** The incidents context's public face: other contexts and the composition root import only this. */
export { createIncidentsModule, type IncidentsPorts, type IncidentsProvides } from './module.js';
