import { describe, expect, it } from "vitest";
import { EXISTING_CONTEXT_ENV, requireExistingOptIn } from "./existing-cluster";

describe("running on an existing cluster", () => {
  const prod = "arn:aws:eks:eu-west-1:123456789012:cluster/prod";
  it("is refused unless the context is named, saying what the suite would change", () => {
    expect(() => requireExistingOptIn(prod, "https://ABC.gr7.eu-west-1.eks.amazonaws.com", {})).toThrow(
      /would run the labs on context "arn:aws:eks:eu-west-1:123456789012:cluster\/prod" \(https:\/\/ABC\.gr7.*argocd-rbac-cm.*LAB_EXISTING_CONTEXT is not set.*set LAB_EXISTING_CONTEXT=arn:aws:eks/,
    );
  });
  it("is refused when another context was named", () => {
    expect(() => requireExistingOptIn(prod, "https://x", { [EXISTING_CONTEXT_ENV]: "kind-test" })).toThrow(
      /LAB_EXISTING_CONTEXT names "kind-test" instead/,
    );
  });
  it("goes ahead on the context named", () => {
    expect(() =>
      requireExistingOptIn("kind-test", "https://x", { [EXISTING_CONTEXT_ENV]: "kind-test" }),
    ).not.toThrow();
  });
});
