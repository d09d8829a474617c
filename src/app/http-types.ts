/** NOTE: the App type lives in platform/http/app.ts; this re-export keeps older imports working. */
export type { App } from '../platform/http/app.js';
