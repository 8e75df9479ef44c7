/** The course's namespace; each lab runs in its own, substituted wherever the course writes `grade`. */
export const COURSE_NAMESPACE = "grade";

/**
 * A lab's namespace: its ID and the run, so labs and runs never share one
 * (`t01-ab12cd34`, `m1-3-ab12cd34`). A retry gets its own (`t01-ab12cd34-r1`):
 * the failed attempt's namespace may still be terminating.
 */
export function labNamespace(labId: string, runId: string, attempt = 0): string {
  const base = `${labId.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${runId}`;
  return (attempt > 0 ? `${base}-r${attempt}` : base).slice(0, 63);
}
