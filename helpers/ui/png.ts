import { inflateSync } from "node:zlib";

/**
 * Enough of a PNG to tell a real screenshot from an empty or broken file: the signature,
 * the size from IHDR, and the colour of the top-left pixel. For the first pixel of the first
 * row every PNG filter predicts 0 (no left or upper neighbour), so its stored bytes are the
 * colour itself, whatever filter the encoder chose.
 */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  /** 2 = RGB, 6 = RGBA (what Chromium writes); others are not decoded. */
  colorType: number;
  /** [r, g, b] of the top-left pixel, for 8-bit RGB or RGBA images. */
  topLeft?: [number, number, number];
}

export function pngInfo(png: Buffer): PngInfo {
  if (png.length < 33 || !png.subarray(0, 8).equals(PNG_SIGNATURE))
    throw new Error("not a PNG (bad signature)");
  let offset = 8;
  let header: PngInfo | undefined;
  const data: Buffer[] = [];
  while (offset + 8 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("latin1", offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR")
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        bitDepth: body[8] ?? 0,
        colorType: body[9] ?? 0,
      };
    if (type === "IDAT") data.push(body);
    if (type === "IEND") break;
    offset += 12 + length;
  }
  if (!header) throw new Error("not a PNG (no IHDR chunk)");
  if (data.length === 0) throw new Error("PNG without image data (no IDAT chunk)");
  const channels = header.colorType === 2 ? 3 : header.colorType === 6 ? 4 : 0;
  if (header.bitDepth !== 8 || channels === 0) return header;
  const raw = inflateSync(Buffer.concat(data));
  // Byte 0 of each row is its filter type; the first pixel follows.
  return { ...header, topLeft: [raw[1] ?? 0, raw[2] ?? 0, raw[3] ?? 0] };
}
