/**
 * SLA engine throughput (R-TKT-3): deadlines per second over a realistic mix of clocks, zones and catalog targets,
 * and the speed-up over the minute-stepping oracle on the same cases. Warm caches, as in a running server; the
 * first (cold) pass is reported for information.
 */
import { addBusinessTime } from '../src/domain/calendar/add-business-time.js';
import type { BusinessCalendar } from '../src/domain/calendar/business-calendar.js';
import { oracleAddBusinessMinutes } from '../test/support/business-time-oracle.js';
import { calendar, type CalendarName } from '../test/support/calendar-fixtures.js';
import { CATALOG_TARGET_MINUTES, mulberry32, ORACLE_ZONES } from '../test/support/oracle-cases.js';

const MIN = 60_000;
const CASES = 200_000;
const ORACLE_CASES = 2_000;
const DEADLINES_GOAL = 1_000_000;
const SPEEDUP_GOAL = 100;

interface BenchCase {
  readonly startMs: number;
  readonly durationMs: number;
  readonly targetMinutes: number;
  readonly cal: BusinessCalendar;
}

/** Business-hours clocks weigh more than their share of levels: they are the expensive ones. */
const MIX: readonly CalendarName[] = [
  'cn-business-9-18',
  'cn-business-9-18',
  'weekends-only-9-18',
  '7x24',
  '7x24',
  '5x8',
  '7x8',
];

function cases(count: number, seed: number): BenchCase[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const from = Date.UTC(2025, 0, 1);
  const spanMinutes = 730 * 1440;
  const calendars = new Map<string, BusinessCalendar>();
  return Array.from({ length: count }, () => {
    const name = pick(MIX);
    const zone = pick(ORACLE_ZONES);
    let cal = calendars.get(`${name} ${zone}`);
    if (!cal) calendars.set(`${name} ${zone}`, (cal = calendar(name, zone)));
    const targetMinutes = pick(CATALOG_TARGET_MINUTES);
    return {
      startMs: from + Math.floor(rnd() * spanMinutes) * MIN,
      durationMs: targetMinutes * MIN,
      targetMinutes,
      cal,
    };
  });
}

/** Seconds per pass over the cases, best of `runs`. */
function timeEngine(xs: readonly BenchCase[], runs: number): number {
  let best = Infinity;
  let sink = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (const c of xs) sink += addBusinessTime(c.startMs, c.durationMs, c.cal);
    best = Math.min(best, performance.now() - t0);
  }
  if (sink === 42) console.log(sink); // keep the loop observable
  return best / 1000;
}

export default async function run(): Promise<{
  name: string;
  results: { metric: string; value: number; unit: string; goal?: string; pass?: boolean }[];
}> {
  const all = cases(CASES, 20_260_306);
  const coldSeconds = timeEngine(all, 1);
  const warmSeconds = timeEngine(all, 5);
  const deadlinesPerSecond = Math.round(CASES / warmSeconds);

  const sample = all.slice(0, ORACLE_CASES);
  const t0 = performance.now();
  for (const c of sample) {
    if (
      oracleAddBusinessMinutes(c.startMs, c.targetMinutes, c.cal) !== addBusinessTime(c.startMs, c.durationMs, c.cal)
    ) {
      throw new Error(`engine and oracle disagree on ${new Date(c.startMs).toISOString()} + ${c.targetMinutes} min`);
    }
  }
  const oracleSecondsPerCase = (performance.now() - t0) / 1000 / ORACLE_CASES;
  const engineSecondsPerCase = timeEngine(sample, 50) / ORACLE_CASES;
  const speedup = Math.round(oracleSecondsPerCase / engineSecondsPerCase);

  return {
    name: 'sla-engine',
    results: [
      {
        metric: 'deadlines per second (warm, business-hours-heavy mix, targets 10 min–24 h)',
        value: deadlinesPerSecond,
        unit: 'deadlines/s',
        goal: `>= ${DEADLINES_GOAL}`,
        pass: deadlinesPerSecond >= DEADLINES_GOAL,
      },
      {
        metric: 'speed-up over the minute-stepping oracle (same cases)',
        value: speedup,
        unit: 'x',
        goal: `>= ${SPEEDUP_GOAL}`,
        pass: speedup >= SPEEDUP_GOAL,
      },
      {
        metric: 'deadlines per second, first pass (cold caches)',
        value: Math.round(CASES / coldSeconds),
        unit: 'deadlines/s',
      },
      { metric: 'oracle deadlines per second', value: Math.round(1 / oracleSecondsPerCase), unit: 'deadlines/s' },
      { metric: 'cases', value: CASES, unit: 'deadlines' },
    ],
  };
}
