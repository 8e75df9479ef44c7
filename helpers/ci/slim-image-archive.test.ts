import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { extract, pack } from "tar-stream";
import { describe, expect, it } from "vitest";
import { fullImageName, slimImageArchive } from "./slim-image-archive";

const digest = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

/** A `docker save` archive as Docker 20.10 writes it: layer folders, the config, manifest.json. */
async function dockerSave(files: Record<string, Buffer>): Promise<Readable> {
  const archive = pack();
  for (const [name, content] of Object.entries(files)) archive.entry({ name, size: content.length }, content);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const c of archive) chunks.push(c as Buffer);
  return Readable.from(Buffer.concat(chunks));
}

async function entries(archive: Buffer): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const reader = extract();
  Readable.from(archive).pipe(reader);
  for await (const e of reader) {
    const chunks: Buffer[] = [];
    for await (const c of e as AsyncIterable<Buffer>) chunks.push(c);
    out.set(e.header.name, Buffer.concat(chunks));
  }
  return out;
}

describe("the image archive for the node", () => {
  const base = Buffer.alloc(2 * 1024 * 1024, 7);
  const app = Buffer.from("the app's layer");
  const config = Buffer.from(JSON.stringify({ rootfs: { diff_ids: [digest(base), digest(app)] } }));
  const saved = () =>
    dockerSave({
      "aaa/layer.tar": base,
      "bbb/layer.tar": app,
      "cfg.json": config,
      "manifest.json": Buffer.from(
        JSON.stringify([
          { Config: "cfg.json", RepoTags: ["api:abc"], Layers: ["aaa/layer.tar", "bbb/layer.tar"] },
        ]),
      ),
    });

  it("names every layer in its manifest but carries only those the node lacks", async () => {
    const slim = await slimImageArchive(await saved(), "api:abc", new Set([digest(base)]));
    expect(slim.leftOut).toEqual({ layers: 1, bytes: base.length });
    const files = await entries(slim.archive);
    const index = JSON.parse(files.get("index.json")?.toString() ?? "{}");
    expect(index.manifests[0].annotations["io.containerd.image.name"]).toBe("docker.io/library/api:abc");
    const manifest = JSON.parse(
      files.get(`blobs/sha256/${index.manifests[0].digest.slice(7)}`)?.toString() ?? "{}",
    );
    expect(manifest.config.digest).toBe(digest(config));
    expect(manifest.layers.map((l: { digest: string }) => l.digest)).toEqual([digest(base), digest(app)]);
    expect(files.has(`blobs/sha256/${digest(base).slice(7)}`)).toBe(false);
    expect(files.get(`blobs/sha256/${digest(app).slice(7)}`)).toEqual(app);
    expect(files.get(`blobs/sha256/${digest(config).slice(7)}`)).toEqual(config);
  });

  it("carries every layer when the node holds none, and small files whatever it holds", async () => {
    const slim = await slimImageArchive(await saved(), "api:abc", new Set([digest(app), digest(config)]));
    expect(slim.leftOut.layers).toBe(0);
    const files = await entries(slim.archive);
    expect(files.get(`blobs/sha256/${digest(base).slice(7)}`)?.length).toBe(base.length);
    expect(files.get(`blobs/sha256/${digest(app).slice(7)}`)).toEqual(app);
  });

  it("spells names as containerd does", () => {
    expect(fullImageName("grade-submission-api:x")).toBe("docker.io/library/grade-submission-api:x");
    expect(fullImageName("me/app:x")).toBe("docker.io/me/app:x");
    expect(fullImageName("quay.io/argoproj/argocd:v1")).toBe("quay.io/argoproj/argocd:v1");
  });
});
