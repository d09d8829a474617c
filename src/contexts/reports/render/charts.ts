/**
 * Charts as inline SVG (R-RPT-2 "with charts"): Apache ECharts' server-side rendering, no DOM and no browser. One
 * renderer per width × height is kept and reused (setOption with notMerge), which is a third of the cost of a new
 * instance per chart; echarts loads on the first chart (start-up time is a goal).
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

export function createChartRenderer(): ChartRenderer {
  let echarts: EchartsModule | null = null;
  let chart: Instance | null = null;
  const instance = async (): Promise<Instance> => {
    echarts ??= (await import('echarts')) as EchartsModule;
    return (chart ??= echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT }));
  };
  const base = {
    animation: false,
    color: COLORS,
    textStyle: { fontFamily: 'Noto Sans CJK SC, Noto Sans, sans-serif' },
    grid: { left: 56, right: 16, top: 32, bottom: 40 },
  };
  return {
    async bar({ categories, values, name }) {
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
    },
    async line({ categories, series, unit }) {
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
    },
    dispose() {
      chart?.dispose();
      chart = null;
    },
  };
}
