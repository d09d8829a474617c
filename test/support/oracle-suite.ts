/**
 * Engine-vs-oracle comparison shared by the business-time-oracle*.test.ts files: seeded random cases (mulberry32),
 * so a failure reproduces with TIERDESK_ORACLE_SEED=<seed>. Each file runs one part of the cases.
 */
import { describe, expect, it } from 'vitest';
import { addBusinessTime } from '../../src/domain/calendar/add-business-time.js';
import { businessTimeBetween } from '../../src/domain/calendar/business-time-between.js';
import { isOpenAt } from '../../src/domain/calendar/is-open-at.js';
import { nextOpenAt } from '../../src/domain/calendar/next-open-at.js';
import { oracleAddBusinessMinutes, oracleBusinessMinutesBetween, oracleIsOpen } from './business-time-oracle.js';
import { calendar } from './calendar-fixtures.js';
import { mulberry32, ORACLE_CALENDARS, oracleCases, type OracleCase } from './oracle-cases.js';

const MIN = 60_000;
export const DEFAULT_ORACLE_SEED = 20_260_306;
export const ORACLE_SEED = Number(process.env.TIERDESK_ORACLE_SEED ?? DEFAULT_ORACLE_SEED);

function describeCase(c: OracleCase): string {
  return `${c.calendarName} ${c.zone} start=${new Date(c.startMs).toISOString()} target=${c.targetMinutes}min`;
}

function report(seed: number, failures: string[]): void {
  if (failures.length > 0) {
    console.error(
      `[oracle] seed ${seed} (TIERDESK_ORACLE_SEED=${ORACLE_SEED}): ${failures.length} mismatches, first:\n  ${failures.slice(0, 10).join('\n  ')}`,
    );
  }
  expect(failures.slice(0, 10), `seed ${seed}`).toEqual([]);
}

/**
 * `chunks` × `perChunk` deadline comparisons plus `betweenPerChunk` open-time and open/next-open comparisons per
 * chunk, for part `part` (chunk seeds differ per part).
 */
export function describeOracleSuite(part: number, chunks: number, perChunk: number, betweenPerChunk: number): void {
  const seeds = Array.from(
    { length: chunks },
    (_, i) => (ORACLE_SEED ^ Math.imul(part * 1000 + i + 1, 0x9e3779b1)) >>> 0,
  );
  describe(`business time vs the minute-stepping oracle (part ${part}, base seed ${ORACLE_SEED})`, () => {
    it.each(seeds)(`addBusinessTime agrees on ${perChunk} random cases, chunk seed %i`, (seed) => {
      const failures: string[] = [];
      for (const c of oracleCases(seed, perChunk)) {
        const cal = calendar(c.calendarName, c.zone);
        const engine = addBusinessTime(c.startMs, c.targetMinutes * MIN, cal);
        const oracle = oracleAddBusinessMinutes(c.startMs, c.targetMinutes, cal);
        if (engine !== oracle) {
          failures.push(
            `${describeCase(c)}: engine ${new Date(engine).toISOString()} oracle ${new Date(oracle).toISOString()}`,
          );
        }
      }
      report(seed, failures);
    });

    it.each(seeds)(
      `businessTimeBetween, isOpenAt and nextOpenAt agree on ${betweenPerChunk} random ranges, chunk seed %i`,
      (seed) => {
        const rnd = mulberry32(seed ^ 0x5bd1e995);
        const failures: string[] = [];
        for (const c of oracleCases(seed, betweenPerChunk)) {
          const cal = calendar(c.calendarName, c.zone);
          const endMs = c.startMs + Math.floor(rnd() * 14 * 1440) * MIN;
          const engine = businessTimeBetween(c.startMs, endMs, cal);
          const oracle = oracleBusinessMinutesBetween(c.startMs, endMs, cal) * MIN;
          if (engine !== oracle)
            failures.push(
              `${describeCase(c)} end=${new Date(endMs).toISOString()}: between engine ${engine / MIN} oracle ${oracle / MIN} min`,
            );
          const open = oracleIsOpen(c.startMs, cal);
          if (isOpenAt(c.startMs, cal) !== open)
            failures.push(`${describeCase(c)}: isOpenAt engine ${!open} oracle ${open}`);
          let next = c.startMs;
          while (!oracleIsOpen(next, cal)) next += MIN;
          if (nextOpenAt(c.startMs, cal) !== next)
            failures.push(
              `${describeCase(c)}: nextOpenAt engine ${new Date(nextOpenAt(c.startMs, cal)).toISOString()} oracle ${new Date(next).toISOString()}`,
            );
        }
        report(seed, failures);
      },
    );
  });
}

/** DST switches of 2025–2026 in the test zones that have them (São Paulo has had none since 2019). */
export const DST_SWITCHES: readonly { zone: string; atMs: number }[] = [
  ...['2025-03-09T07:00Z', '2025-11-02T06:00Z', '2026-03-08T07:00Z', '2026-11-01T06:00Z'].map((s) => ({
    zone: 'America/New_York',
    atMs: Date.parse(s),
  })),
  ...['2025-03-30T01:00Z', '2025-10-26T01:00Z', '2026-03-29T01:00Z', '2026-10-25T01:00Z'].map((s) => ({
    zone: 'Europe/Paris',
    atMs: Date.parse(s),
  })),
];

/** Every calendar, hourly starts over the 48 h around each DST switch, short to long targets. */
export function describeDstOracleSuite(): void {
  const targets = [10, 60, 540, 1440, 3000];
  describe('business time vs the oracle around every 2025–2026 DST switch', () => {
    it.each(DST_SWITCHES.map((s) => [s.zone, new Date(s.atMs).toISOString(), s.atMs] as const))(
      '%s switch at %s',
      (zone, _iso, atMs) => {
        const failures: string[] = [];
        for (const calendarName of ORACLE_CALENDARS) {
          const cal = calendar(calendarName, zone);
          for (let startMs = atMs - 24 * 60 * MIN; startMs < atMs + 24 * 60 * MIN; startMs += 60 * MIN) {
            for (const targetMinutes of targets) {
              const engine = addBusinessTime(startMs, targetMinutes * MIN, cal);
              const oracle = oracleAddBusinessMinutes(startMs, targetMinutes, cal);
              if (engine !== oracle)
                failures.push(
                  `${describeCase({ calendarName, zone, startMs, targetMinutes })}: engine ${new Date(engine).toISOString()} oracle ${new Date(oracle).toISOString()}`,
                );
              const between = oracleBusinessMinutesBetween(startMs, startMs + targetMinutes * MIN, cal) * MIN;
              if (businessTimeBetween(startMs, startMs + targetMinutes * MIN, cal) !== between)
                failures.push(`${describeCase({ calendarName, zone, startMs, targetMinutes })}: between differs`);
            }
          }
        }
        report(atMs, failures);
      },
    );
  });
}
