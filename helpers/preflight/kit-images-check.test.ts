import { describe, expect, it } from "vitest";
import { checkKitImages, type KitImageRecord } from "./kit-images-check";

const records: KitImageRecord[] = [
  { name: "quay.io/argoproj/argocd:v3.6.1", key: "k-argocd", component: "Argo CD" },
  { name: "rancher/mirrored-pause:3.6", key: "k-pause", component: "pause" },
];

describe("the doctor's Kit images line", () => {
  it("says images come from registries when no kit was built here", async () => {
    const result = await checkKitImages(undefined, async () => undefined);
    expect(result).toMatchObject({ status: "ok" });
    expect(result.detail).toMatch(/no offline image kit built here/);
  });

  it("says kit images are in use when each carries the key the kit built it with", async () => {
    const keys = new Map(records.map((r) => [r.name, r.key]));
    const result = await checkKitImages(records, async (image) => keys.get(image));
    expect(result).toEqual({
      name: "Kit images",
      status: "ok",
      detail:
        "kit images in use, built here from Go modules and Debian packages: quay.io/argoproj/argocd:v3.6.1, rancher/mirrored-pause:3.6",
    });
  });

  it("lists missing and replaced images, and says to run npm run kit", async () => {
    const result = await checkKitImages(records, async (image) =>
      image.includes("argocd") ? "other" : undefined,
    );
    expect(result).toEqual({
      name: "Kit images",
      status: "warn",
      detail:
        "Images of the offline kit are missing from Docker: rancher/mirrored-pause:3.6; not the ones the kit built (replaced since): quay.io/argoproj/argocd:v3.6.1.",
      fix: "Run npm run kit, which rebuilds only what is missing.",
    });
  });

  it("does not blame the kit when Docker is not reachable", async () => {
    expect(await checkKitImages(records, undefined)).toEqual({
      name: "Kit images",
      status: "warn",
      detail: "Not checked, because Docker is not reachable.",
    });
  });
});
