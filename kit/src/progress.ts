/** Progress lines for long work: "[kit +3m05s] Argo CD · compiling …", each phase's time when it ends. */
export function formatElapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

export class Progress {
  private readonly started = performance.now();
  constructor(private readonly write: (line: string) => void = (line) => console.log(line)) {}

  line(component: string, step: string): void {
    this.write(`[kit +${formatElapsed(performance.now() - this.started)}] ${component} · ${step}`);
  }

  /** A reporter bound to one component, for the builders' step callbacks. */
  for(component: string): (step: string) => void {
    return (step) => this.line(component, step);
  }

  elapsedMs(): number {
    return performance.now() - this.started;
  }
}
