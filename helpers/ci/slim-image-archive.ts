import { createHash } from "node:crypto";
import { extract, pack } from "tar-stream";

/**
 * `docker save`'s archive holds every layer of the image, the app's 270 MB Node base included,
 * and importing all of it into the node took 11 s alone and 20–30 s when several labs' CI ran at
 * once. The node already holds the base layers from the first import, so the archive it gets
 * keeps only the layers it lacks: an OCI image layout whose manifest names every layer, the
 * missing ones with their content. containerd unpacks a layer only when its snapshot is not
 * there yet, and reads the rest from its content store.
 */
export interface SlimArchive {
  archive: Buffer;
  /** How many layers the node already held, and their bytes: left out of the archive. */
  leftOut: { layers: number; bytes: number };
}

interface DockerSaveManifest {
  Config: string;
  RepoTags: string[] | null;
  Layers: string[];
}

interface Blob {
  size: number;
  digest: string;
  /** Undefined when the node already holds it: the content was dropped while reading. */
  content?: Buffer;
}

const KEEP_ALWAYS_BYTES = 1024 * 1024;

/**
 * Reads `docker save`'s archive (Docker's own layout or OCI's), hashing each file as it streams by;
 * a large file whose digest the node holds is dropped, the others kept.
 */
async function readSaved(
  saved: NodeJS.ReadableStream,
  held: ReadonlySet<string>,
): Promise<Map<string, Blob>> {
  const files = new Map<string, Blob>();
  const reader = extract();
  saved.on("error", (e) => reader.destroy(e));
  saved.pipe(reader);
  for await (const entry of reader) {
    const hash = createHash("sha256");
    const chunks: Buffer[] = [];
    for await (const chunk of entry as AsyncIterable<Buffer>) {
      hash.update(chunk);
      chunks.push(chunk);
    }
    if (entry.header.type !== "file") continue;
    const size = entry.header.size ?? 0;
    const digest = `sha256:${hash.digest("hex")}`;
    // Small files are kept whatever the node holds: the config and manifests are always needed.
    const leaveOut = size > KEEP_ALWAYS_BYTES && held.has(digest);
    files.set(entry.header.name, { size, digest, content: leaveOut ? undefined : Buffer.concat(chunks) });
  }
  return files;
}

/** Docker's short names, as containerd and the kubelet spell them: grade-submission-api:x → docker.io/library/…. */
export function fullImageName(tag: string): string {
  const first = tag.split("/")[0] ?? "";
  if (!tag.includes("/")) return `docker.io/library/${tag}`;
  return first.includes(".") || first.includes(":") || first === "localhost" ? tag : `docker.io/${tag}`;
}

/**
 * The OCI image layout of `tag`, without the layers whose digest is in `held` (the node's content
 * store). Throws when the archive does not add up: the caller then imports the whole image.
 */
export async function slimImageArchive(
  saved: NodeJS.ReadableStream,
  tag: string,
  held: ReadonlySet<string>,
): Promise<SlimArchive> {
  const files = await readSaved(saved, held);
  const manifestFile = files.get("manifest.json")?.content;
  if (!manifestFile) throw new Error(`docker save of ${tag} has no manifest.json`);
  const saves = JSON.parse(manifestFile.toString("utf8")) as DockerSaveManifest[];
  const image = saves.find((m) => m.RepoTags?.includes(tag)) ?? saves[0];
  const blob = (name: string) => {
    const found = files.get(name);
    if (!found) throw new Error(`docker save of ${tag} lacks ${name}, which its manifest.json names`);
    return found;
  };
  if (!image) throw new Error(`docker save of ${tag} names no image`);
  // containerd reads the config to name the image's layers: always sent (it is small).
  const configContent = blob(image.Config).content;
  if (!configContent) throw new Error(`docker save of ${tag}: its config was left out`);
  const config = blob(image.Config);
  const diffIds = (JSON.parse(configContent.toString("utf8")) as { rootfs?: { diff_ids?: string[] } }).rootfs
    ?.diff_ids;
  if (diffIds?.length !== image.Layers.length)
    throw new Error(`docker save of ${tag}: its config names other layers`);
  // Docker saves layers uncompressed, so a layer's digest is its diff ID, at its place in the config.
  const layers = image.Layers.map((name, i) => {
    const layer = blob(name);
    if (layer.digest !== diffIds[i]) throw new Error(`docker save of ${tag}: ${name} is not ${diffIds[i]}`);
    return layer;
  });
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: {
        mediaType: "application/vnd.oci.image.config.v1+json",
        digest: config.digest,
        size: config.size,
      },
      // Docker saves layers uncompressed, so each digest is also the layer's diff ID in the config.
      layers: layers.map((l) => ({
        mediaType: "application/vnd.oci.image.layer.v1.tar",
        digest: l.digest,
        size: l.size,
      })),
    }),
  );
  const manifestDigest = `sha256:${createHash("sha256").update(manifest).digest("hex")}`;
  const index = {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.index.v1+json",
    manifests: [
      {
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        digest: manifestDigest,
        size: manifest.length,
        annotations: {
          "io.containerd.image.name": fullImageName(tag),
          "org.opencontainers.image.ref.name": tag.slice(tag.lastIndexOf(":") + 1),
        },
      },
    ],
  };
  const out = pack();
  const add = (name: string, content: Buffer) => out.entry({ name, size: content.length }, content);
  add("oci-layout", Buffer.from(JSON.stringify({ imageLayoutVersion: "1.0.0" })));
  add("index.json", Buffer.from(JSON.stringify(index)));
  add(`blobs/sha256/${manifestDigest.slice(7)}`, manifest);
  add(`blobs/sha256/${config.digest.slice(7)}`, configContent);
  const leftOut = { layers: 0, bytes: 0 };
  const written = new Set<string>();
  for (const layer of layers) {
    if (!layer.content) {
      leftOut.layers += 1;
      leftOut.bytes += layer.size;
    } else if (!written.has(layer.digest)) {
      written.add(layer.digest);
      add(`blobs/sha256/${layer.digest.slice(7)}`, layer.content);
    }
  }
  out.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of out) chunks.push(chunk as Buffer);
  return { archive: Buffer.concat(chunks), leftOut };
}
