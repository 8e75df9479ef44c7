/** A duration as the report and every message print it: "12.3 s". */
export function seconds(ms: number, digits = 1): string {
  return `${(ms / 1000).toFixed(digits)} s`;
}
