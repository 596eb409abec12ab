/** The eight bytes every PNG file starts with. */
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The size of a PNG image read from its header (signature, then the IHDR chunk: width and height
 * as big-endian 32-bit integers at bytes 16 and 20); throws when the bytes are not a PNG.
 */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 24 || PNG_SIGNATURE.some((b, i) => buffer[i] !== b))
    throw new Error('not a PNG file');
  if (buffer.toString('latin1', 12, 16) !== 'IHDR') throw new Error('PNG without IHDR first');
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}
