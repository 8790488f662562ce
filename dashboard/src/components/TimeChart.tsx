import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  bars?: boolean;
}

interface Props {
  /** bucket starts, epoch ms */
  times: number[];
  series: ChartSeries[];
  format: (value: number | null) => string;
  /** called with the index of the clicked bucket */
  onPick?: (index: number) => void;
  height?: number;
  /** a fixed y range (e.g. [0, 1] for scores); otherwise fitted to the data */
  yRange?: [number, number];
}

/** A uPlot time chart that fills its container's width; a click on a bucket calls onPick. */
export function TimeChart({ times, series, format, onPick, height = 220, yRange }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const bars = uPlot.paths.bars?.({ size: [0.7, 40] });
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 300),
      height,
      scales: { x: { time: true }, ...(yRange ? { y: { range: yRange } } : {}) },
      axes: [{}, { values: (_u, ticks) => ticks.map((tick) => format(tick)), size: 70 }],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          fill: s.bars ? `${s.color}99` : undefined,
          width: s.bars ? 0 : 2,
          ...(s.bars && bars ? { paths: bars } : {}),
          value: (_u: uPlot, value: number | null) => format(value),
          spanGaps: false,
        })),
      ],
      cursor: { drag: { x: false, y: false } },
    };
    const data: uPlot.AlignedData = [times.map((t) => t / 1000), ...series.map((s) => s.values)];
    const plot = new uPlot(options, data, element);
    const click = () => {
      const index = plot.cursor.idx;
      if (index !== null && index !== undefined) pick.current?.(index);
    };
    plot.over.addEventListener('click', click);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(element.clientWidth, 300), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.over.removeEventListener('click', click);
      plot.destroy();
    };
  }, [times, series, format, height, yRange?.[0], yRange?.[1]]);

  return <div ref={box} className="time-chart" />;
}
