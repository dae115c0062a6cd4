import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { IssuedDocument } from './entities';
import type { DrawReply, DrawRequest } from './pdf-worker';

type Drawable = Pick<IssuedDocument, 'kind' | 'input'>;
export type DrawPdf = (doc: Drawable) => Promise<Buffer>;

interface Task { id: number; doc: Drawable; resolve: (pdf: Buffer) => void; reject: (err: Error) => void }

// Workers start as plain node: tsx must be required in each so the entry (TypeScript) loads, under mocha and tsx alike;
// resolved here so it is found whatever the working directory.
const ENTRY = path.join(__dirname, 'pdf-worker.ts');
const EXEC_ARGV = ['--require', require.resolve('tsx/cjs')];

/**
 * Threads that draw document PDFs from their stored input, each with its own parsed fonts: pdfkit drawing is
 * CPU-bound and single-threaded, so a run only uses the machine's cores by drawing in several threads.
 * Threads start on the first draw; idle ones do not hold the process open; close() ends them all.
 */
export class PdfWorkerPool {
  private readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Task>();
  private readonly answered = new WeakSet<Worker>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a PDF worker pool needs at least one thread, got ${size}`);
  }

  readonly draw: DrawPdf = (doc) => new Promise<Buffer>((resolve, reject) => {
    if (this.closed) return reject(new Error('the PDF worker pool is closed'));
    this.queue.push({ id: this.nextId++, doc, resolve, reject });
    this.pump();
  });

  /** Ends every thread; documents still waiting fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('the PDF worker pool was closed before the document was drawn'));
    await Promise.all([...this.workers].map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.queue.length && !this.closed) {
      const worker = this.idle.pop() ?? (this.workers.size < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const task = this.queue.shift()!;
      this.busy.set(worker, task);
      worker.ref();
      worker.postMessage({ id: task.id, doc: { kind: task.doc.kind, input: task.doc.input } } satisfies DrawRequest);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(ENTRY, { execArgv: EXEC_ARGV });
    this.workers.add(worker);
    worker.on('message', (reply: DrawReply) => {
      this.answered.add(worker);
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle.push(worker);
      worker.unref();
      if (task) {
        if ('error' in reply) task.reject(Object.assign(new Error(reply.error.message), { stack: reply.error.stack }));
        else task.resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
      }
      this.pump();
    });
    worker.on('error', (err) => this.lost(worker, err));
    worker.on('exit', (code) => this.lost(worker, new Error(`a PDF worker thread exited with code ${code}`)));
    return worker;
  }

  /** A thread died: its document fails; if it died before drawing anything (fonts missing), so does every waiting one. */
  private lost(worker: Worker, err: Error): void {
    if (!this.workers.delete(worker)) return;
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
    this.busy.get(worker)?.reject(err);
    this.busy.delete(worker);
    if (this.closed) return;
    if (!this.answered.has(worker)) for (const task of this.queue.splice(0)) task.reject(err);
    this.pump();
  }
}

/** How a run draws PDFs: `draw` undefined means in-process; `lanes` is how many documents to keep in flight. */
export interface PdfDrawing { draw?: DrawPdf; lanes: number; close(): Promise<void> }

/** A pool of `threads` drawing threads (default: one per core); 0 or 1 draws in-process, one document at a time. */
export function openPdfDrawing(threads: number = availableParallelism()): PdfDrawing {
  if (threads <= 1) return { lanes: 1, close: async () => {} };
  const pool = new PdfWorkerPool(threads);
  // Twice the threads, so each has its next document waiting while the main thread checks and writes files.
  return { draw: pool.draw, lanes: threads * 2, close: () => pool.close() };
}
