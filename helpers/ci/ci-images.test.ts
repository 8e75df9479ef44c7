import { extract } from "tar-stream";
import { describe, expect, it } from "vitest";
import { buildLog, dockerBuildCommand } from "./build-image";
import { commandImporter, imageArchiveName, singleFileArchive } from "./image-importer";

describe("the CI's image build and import", () => {
  it("reads Docker's build messages as a person would see docker build's output", () => {
    expect(
      buildLog([{ stream: "Step 1/6 : FROM node:24-alpine\n" }, { status: "Pulling fs layer" }]),
    ).toEqual({
      output: "Step 1/6 : FROM node:24-alpine\nPulling fs layer\n",
      error: undefined,
    });
    expect(
      buildLog([{ stream: "Step 1/6\n" }, { error: "x", errorDetail: { message: "manifest unknown" } }])
        .error,
    ).toBe("manifest unknown");
  });

  it("shows the build as the docker build command line", () => {
    expect(
      dockerBuildCommand({
        contextDir: "/tmp/app",
        files: ["Dockerfile"],
        tag: "grade-submission-api:1a2b3c4",
        buildArgs: { GIT_SHA: "1a2b3c4", BASE_IMAGE: "node:24-alpine" },
      }),
    ).toBe(
      "docker build -t grade-submission-api:1a2b3c4 --build-arg GIT_SHA=1a2b3c4 --build-arg BASE_IMAGE=node:24-alpine .",
    );
  });

  it("wraps the saved image in a one-file archive for Docker's copy API", async () => {
    const archive = await singleFileArchive(
      imageArchiveName("grade-submission-api:1a2b"),
      Buffer.from("image bytes"),
    );
    const reader = extract();
    archive.pipe(reader);
    const entries: { name: string; content: string }[] = [];
    for await (const entry of reader) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      entries.push({ name: entry.header.name, content: Buffer.concat(chunks).toString() });
    }
    expect(entries).toEqual([{ name: "lab-image-grade-submission-api_1a2b.tar", content: "image bytes" }]);
  });

  it("runs a user's import command for an existing cluster, with the image substituted", async () => {
    const transcript = await commandImporter("echo import {image} into mycluster").import(
      "grade-submission-api:1a2b",
    );
    expect(transcript.exitCode).toBe(0);
    expect(transcript.stdout.trim()).toBe("import grade-submission-api:1a2b into mycluster");
  });
});
