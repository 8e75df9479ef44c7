/** The course's namespace; each lab runs in its own, substituted wherever the course writes `grade`. */
export const COURSE_NAMESPACE = "grade";

/** A lab's namespace: its ID and the run, so labs and runs never share one (`t01-ab12cd34`, `m1-3-ab12cd34`). */
export function labNamespace(labId: string, runId: string): string {
  return `${labId.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${runId}`.slice(0, 63);
}
