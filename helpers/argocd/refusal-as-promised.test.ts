import { describe, expect, it } from "vitest";
import { expectingRefusal } from "../report/expected-refusal";
import { ArgoCdApiError } from "./argocd-api-error";
import { permissionDeniedAsPromised } from "./refusal-as-promised";

const request = { method: "POST", path: "/api/v1/applications/app/sync", username: "ro" };
const denied = new ArgoCdApiError(request, 403, "permission denied: applications, sync, default/app");
const PROMISE = "the read-only user cannot sync";

describe("a refusal the course promises", () => {
  it("is recognised, with the server's words and the course's promise, inside expectingRefusal", async () => {
    const sentence = await expectingRefusal(PROMISE, async () => permissionDeniedAsPromised(denied));
    expect(sentence).toBe(
      `refused with HTTP 403 "permission denied: applications, sync, default/app", as the course promises: ${PROMISE}`,
    );
  });

  it("is not recognised where no refusal is promised", () => {
    expect(permissionDeniedAsPromised(denied)).toBeUndefined();
  });

  it("is not recognised for another failure, even where one is promised", async () => {
    const others = [
      new ArgoCdApiError(request, 403, "forbidden by a proxy"),
      new ArgoCdApiError(request, 404, "permission denied: applications, get, default/gone"),
      new ArgoCdApiError(request, 500, "internal error"),
      new Error("socket hang up"),
    ];
    const sentences = await expectingRefusal(PROMISE, async () => others.map(permissionDeniedAsPromised));
    expect(sentences).toEqual([undefined, undefined, undefined, undefined]);
  });
});
