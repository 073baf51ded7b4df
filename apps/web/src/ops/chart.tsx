import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const COLOURS = [
  '#0b5cad',
  '#b4460a',
  '#116b3a',
  '#7b2d8e',
  '#a4161a',
  '#00727a',
  '#6b5a00',
  '#3d4a5c',
  '#c2185b',
];

/**
 * A time-series line chart (uPlot): `times` in seconds, one series per name. Redrawn with new data in
 * place; resized with its container. Its caption says the latest values in words (`summary`).
 */
export function TimeChart(props: {
  title: string;
  unit: string;
  times: number[];
  series: { name: string; values: (number | null)[] }[];
  summary: string;
  /** How many seconds the x axis spans, ending at the latest point. */
  windowSeconds: number;
  /** Pixels; small multiples (a chart per service) use less than the default 220. */
  height?: number;
}) {
  const height = props.height ?? 220;
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const names = props.series.map((series) => series.name).join(',');
  useEffect(() => {
    const element = host.current!;
    const options: uPlot.Options = {
      width: element.clientWidth || 600,
      height,
      series: [
        {},
        ...props.series.map((series, index) => ({
          label: series.name,
          stroke: COLOURS[index % COLOURS.length],
          width: 2,
          value: (_plot: uPlot, value: number | null) =>
            value == null ? '–' : `${value.toFixed(1)} ${props.unit}`,
        })),
      ],
      axes: [{}, { label: props.unit, size: 60 }],
      scales: {
        x: { time: true, range: (_plot, _min, max) => [max - props.windowSeconds, max] },
        y: { range: (_plot, _min, max) => [0, Math.max(1, max * 1.1)] },
      },
      legend: { live: true },
    };
    plot.current = new uPlot(options, [props.times, ...props.series.map((series) => series.values)], element);
    const resize = new ResizeObserver(() => plot.current?.setSize({ width: element.clientWidth, height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = undefined;
    };
  }, [names]);
  useEffect(() => {
    plot.current?.setData([props.times, ...props.series.map((series) => series.values)]);
  }, [props.times, props.series]);
  return (
    <figure style={{ margin: 0 }}>
      <figcaption>
        <strong>{props.title}</strong> <span class="muted">{props.summary}</span>
      </figcaption>
      <div ref={host} class="chart" style={{ minHeight: `${height}px` }} />
    </figure>
  );
}
