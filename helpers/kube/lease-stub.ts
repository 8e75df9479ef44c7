import { type StubRoute, statusBody } from "./stub-kube-api";

/**
 * For self-tests only: the Lease endpoints of a Kubernetes API, kept in memory
 * with resourceVersions, so a stale write is refused with 409 as the API server does.
 */
export function leaseRoutes(namespace: string): StubRoute[] {
  const leases = new Map<
    string,
    { metadata: { name: string; resourceVersion: string }; spec: Record<string, unknown> }
  >();
  let version = 0;
  const base = `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases`;
  const one = new RegExp(`^${base}/([^/]+)$`);
  const nameOf = (path: string) => one.exec(path)?.[1] ?? "";
  const store = (body: { metadata: { name: string }; spec: Record<string, unknown> }) => {
    const lease = { ...body, metadata: { ...body.metadata, resourceVersion: String(++version) } };
    leases.set(body.metadata.name, lease);
    return lease;
  };
  type LeaseBody = { metadata: { name: string; resourceVersion?: string }; spec: Record<string, unknown> };
  // As the API server: a MicroTime needs six fractional digits ("…T08:38:36.951000Z").
  const badTime = (lease: LeaseBody) =>
    ["acquireTime", "renewTime"].some(
      (key) => lease.spec?.[key] !== undefined && !/\.\d{6}Z$/.test(String(lease.spec[key])),
    )
      ? statusBody(400, "BadRequest", "Lease cannot be handled as a Lease: parsing time")
      : undefined;
  return [
    {
      method: "POST",
      path: base,
      reply: ({ body }) => {
        const lease = body as LeaseBody;
        const refused = badTime(lease);
        if (refused) return refused;
        if (leases.has(lease.metadata.name)) return statusBody(409, "AlreadyExists", "exists");
        return { status: 201, body: store(lease) };
      },
    },
    {
      method: "GET",
      path: one,
      reply: ({ path }) => {
        const lease = leases.get(nameOf(path));
        return lease ? { body: lease } : statusBody(404, "NotFound", "not found");
      },
    },
    {
      method: "PUT",
      path: one,
      reply: ({ path, body }) => {
        const lease = body as LeaseBody;
        const refused = badTime(lease);
        if (refused) return refused;
        if (leases.get(nameOf(path))?.metadata.resourceVersion !== lease.metadata.resourceVersion)
          return statusBody(409, "Conflict", "the object has been modified");
        return { body: store(lease) };
      },
    },
    {
      method: "DELETE",
      path: one,
      reply: ({ path, body }) => {
        const wanted = (body as { preconditions?: { resourceVersion?: string } } | undefined)?.preconditions
          ?.resourceVersion;
        const lease = leases.get(nameOf(path));
        if (!lease) return statusBody(404, "NotFound", "not found");
        if (wanted && wanted !== lease.metadata.resourceVersion)
          return statusBody(409, "Conflict", "precondition failed");
        leases.delete(nameOf(path));
        return { body: { kind: "Status", status: "Success" } };
      },
    },
  ];
}
