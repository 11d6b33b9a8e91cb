import { BarChart as Bars } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([Bars, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface BarSeries {
  name: string;
  values: number[];
  color: string;
}

/**
 * Horizontal bars per category (steps, departments), one series each (e.g. open and overdue). SVG, so
 * its texts are in the page. With `hrefOf`, a bar opens the address it gives for its category and series.
 */
export function BarChart({
  categories,
  series,
  label,
  hrefOf,
}: {
  categories: string[];
  series: BarSeries[];
  label: string;
  hrefOf?: (category: number, series: number) => string | undefined;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(host.current!, undefined, { renderer: 'svg' });
    if (hrefOf)
      chart.on('click', (e) => {
        const href = e.componentType === 'series' ? hrefOf(e.dataIndex, e.seriesIndex ?? 0) : undefined;
        if (href) window.location.hash = href;
      });
    chart.setOption({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: categories, inverse: true },
      series: series.map((s) => ({
        type: 'bar',
        name: s.name,
        data: s.values,
        itemStyle: { color: s.color },
        barMaxWidth: 18,
        cursor: hrefOf ? 'pointer' : 'default',
      })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [categories, series, hrefOf]);
  return (
    <div
      className="chart"
      ref={host}
      role="img"
      aria-label={label}
      style={{ height: Math.max(160, 48 + categories.length * 34) }}
    />
  );
}
