import { cpus, totalmem } from 'node:os';

/** Bytes as whole megabytes, for reports. */
export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** The machine a figure was measured on. */
export const machine = () => `${cpus().length} × ${cpus()[0]?.model.trim()}, ${mb(totalmem())} RAM, node ${process.version}`;

/** Samples the process's memory every 100 ms until stopped; stop() gives the peaks (RSS also from the OS's own high-water mark). */
export function sampleMemory(): { stop(): { peakRss: string; peakHeapUsed: string } } {
  let peakRss = 0;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 100);
  return {
    stop() {
      clearInterval(sampler);
      return { peakRss: mb(Math.max(peakRss, process.resourceUsage().maxRSS * 1024)), peakHeapUsed: mb(peakHeap) };
    },
  };
}
