/** Varint helpers shared by the hand-rolled frame codecs. */

export function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) size++;
  return size;
}

export function writeVarint(out: Uint8Array, offset: number, value: number): number {
  let at = offset;
  let rest = value;
  while (rest >= 0x80) {
    out[at++] = (rest % 0x80) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  out[at++] = rest;
  return at;
}

/** The codecs write one-byte tags, which needs field numbers below 16. */
export function assertSingleByteTags(codec: string, fields: Record<string, number>): void {
  for (const number of Object.values(fields)) {
    if (number >= 16) throw new Error(`${codec}: field number ${number} needs a multi-byte tag`);
  }
}
