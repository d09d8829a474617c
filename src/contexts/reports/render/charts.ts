/**
 * Charts as inline SVG (R-RPT-2 "with charts"): Apache ECharts' server-side rendering, no DOM and no browser. One
 * renderer per width × height is kept and reused (setOption with notMerge), which is a third of the cost of a new
 * instance per chart; echarts loads on the first chart (start-up time is a goal). ECharts' setOption costs 5–30 ms
 * a chart (measured on this machine), most of a report's time: the SVG of the same input is kept (a bounded map,
 * least recently used dropped), so a month-end run renders each distinct chart once — many accounts share one
 * (the same severity split, the same six months of consumption).
 */
import type * as Echarts from 'echarts';

type EchartsModule = typeof Echarts;
type Instance = ReturnType<EchartsModule['init']>;

export interface ChartRenderer {
  bar(input: { categories: string[]; values: number[]; name: string }): Promise<string>;
  line(input: {
    categories: string[];
    series: { name: string; values: (number | null)[] }[];
    unit?: string;
  }): Promise<string>;
  dispose(): void;
}

const WIDTH = 640;
const HEIGHT = 240;
const COLORS = ['#1f6feb', '#d4380d', '#389e0d', '#8250df', '#bf8700'];
/** Distinct charts kept (an SVG is 5–10 kB: at most a few MB). */
export const CHART_CACHE_SIZE = 500;

export function createChartRenderer(): ChartRenderer {
  let echarts: EchartsModule | null = null;
  let chart: Instance | null = null;
  const instance = async (): Promise<Instance> => {
    echarts ??= (await import('echarts')) as EchartsModule;
    return (chart ??= echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT }));
  };
  const cache = new Map<string, string>();
  const memo = async (key: string, render: () => Promise<string>): Promise<string> => {
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const svg = await render();
    cache.set(key, svg);
    if (cache.size > CHART_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return svg;
  };
  const base = {
    animation: false,
    color: COLORS,
    // The page's one face (render/html.ts): a second family or weight in a chart is a second face to print.
    textStyle: { fontFamily: 'Noto Sans CJK SC, Noto Sans SC, sans-serif', fontWeight: 'normal' as const },
    grid: { left: 56, right: 16, top: 32, bottom: 40 },
  };
  return {
    bar: ({ categories, values, name }) =>
      memo(JSON.stringify(['bar', categories, values, name]), async () => {
        const c = await instance();
        c.setOption(
          {
            ...base,
            xAxis: { type: 'category', data: categories, axisLabel: { interval: 0 } },
            yAxis: { type: 'value', minInterval: 1 },
            series: [{ type: 'bar', name, data: values, label: { show: true, position: 'top' } }],
          },
          { notMerge: true },
        );
        return c.renderToSVGString();
      }),
    line: ({ categories, series, unit }) =>
      memo(JSON.stringify(['line', categories, series, unit ?? null]), async () => {
        const c = await instance();
        c.setOption(
          {
            ...base,
            legend: { top: 4 },
            xAxis: { type: 'category', data: categories },
            yAxis: { type: 'value', ...(unit ? { axisLabel: { formatter: `{value}${unit}` } } : {}) },
            series: series.map((s) => ({ type: 'line', name: s.name, data: s.values, showSymbol: true })),
          },
          { notMerge: true },
        );
        return c.renderToSVGString();
      }),
    dispose() {
      cache.clear();
      chart?.dispose();
      chart = null;
    },
  };
}
