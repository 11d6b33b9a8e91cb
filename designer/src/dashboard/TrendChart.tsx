import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { BarSeries } from './BarChart.js';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** Lines over periods (days, weeks, months): received and closed. SVG, so its texts are in the page. */
export function TrendChart({ periods, series, label }: { periods: string[]; series: BarSeries[]; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(host.current!, undefined, { renderer: 'svg' });
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: periods, boundaryGap: false },
      yAxis: { type: 'value', minInterval: 1 },
      series: series.map((s) => ({
        type: 'line',
        name: s.name,
        data: s.values,
        itemStyle: { color: s.color },
        lineStyle: { color: s.color },
        smooth: false,
      })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [periods, series]);
  return <div className="chart" ref={host} role="img" aria-label={label} style={{ height: 240 }} />;
}
