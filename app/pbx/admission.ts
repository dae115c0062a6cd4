/**
 * Caps call setups in flight on one node. Measured on a real Asterisk 22: past ~500 setups/s its
 * queues grow without pushback and throughput collapses, so past the cap a new call is refused at
 * once while calls already up go on untouched.
 */
export class Admission {
  private inFlight = 0;
  refused = 0;

  constructor(private readonly cap: number) {}

  /** A slot for a new call, or undefined when full. Releasing twice is harmless. */
  tryAdmit(): (() => void) | undefined {
    if (this.inFlight >= this.cap) {
      this.refused++;
      return undefined;
    }
    this.inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
    };
  }

  get current(): number {
    return this.inFlight;
  }
}
