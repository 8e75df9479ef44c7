import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { PNG_SIGNATURE, pngInfo } from "./png";

function chunk(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  // The CRC is not checked by pngInfo; zeros keep the test small.
  return Buffer.concat([length, Buffer.from(type, "latin1"), body, Buffer.alloc(4)]);
}

/** A width×height 8-bit RGB PNG of one colour, every row with the given filter type. */
function solidPng(width: number, height: number, rgb: [number, number, number], filter: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(filter);
    for (let x = 0; x < width; x++) {
      // Sub filter: every pixel after the first is stored as the difference to its left neighbour (0).
      rows.push(...(filter === 1 && x > 0 ? [0, 0, 0] : rgb));
    }
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.from(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe("pngInfo", () => {
  it("reads size, colour type and the top-left pixel, whatever the row filter", () => {
    for (const filter of [0, 1]) {
      expect(pngInfo(solidPng(4, 3, [30, 144, 255], filter))).toEqual({
        width: 4,
        height: 3,
        bitDepth: 8,
        colorType: 2,
        topLeft: [30, 144, 255],
      });
    }
  });

  it("refuses what is not a PNG", () => {
    expect(() => pngInfo(Buffer.from("<html>not an image</html>, long enough to be checked"))).toThrow(
      /bad signature/,
    );
    const noData = Buffer.concat([
      PNG_SIGNATURE,
      chunk("IHDR", Buffer.alloc(13)),
      chunk("IEND", Buffer.alloc(0)),
    ]);
    expect(() => pngInfo(noData)).toThrow(/no IDAT/);
  });
});
