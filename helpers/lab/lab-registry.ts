/**
 * When listing (npm run labs:list, and the traceability self-test), labSpec
 * records what each spec file declares instead of registering a vitest test,
 * so spec files can be imported outside the labs project.
 */
export interface LabSpecRecord {
  id: string;
  name: string;
  /** Keys of docs/upstream-behaviour.md entries the spec depends on. */
  relies: readonly string[];
  differsFromCourse?: string;
  /** The claim only the UI can show, verified where Argo CD serves its UI (LabSpecOptions.ui). */
  uiClaim?: string;
  /** Its negative controls: what each switches off, and the expectation that must then fail. */
  controls: readonly { switchedOff: string; caughtAt: string }[];
  /** Why it has none, when it has none. */
  noControl?: string;
  file?: string;
}

interface Listing {
  records: LabSpecRecord[];
  currentFile?: string;
}

const LISTING = Symbol.for("gitops-conformance.lab-listing");
type WithListing = typeof globalThis & { [LISTING]?: Listing };

export function startListing(): Listing {
  const listing: Listing = { records: [] };
  (globalThis as WithListing)[LISTING] = listing;
  return listing;
}

export function stopListing(): void {
  delete (globalThis as WithListing)[LISTING];
}

/** The active listing, if any: labSpec then records and returns. */
export function activeListing(): Listing | undefined {
  return (globalThis as WithListing)[LISTING];
}
