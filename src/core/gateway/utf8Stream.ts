// Utf8Stream: decodes a byte stream as UTF-8 across reads (a character split between reads is kept whole), dropping a leading BOM.

const BOM = 0xfeff;

/**
 * What TextDecoder('utf-8') does with `{ stream: true }`, at a fraction of its cost per call: Node's
 * streaming TextDecoder goes through an ICU converter on every read, while a whole-character slice
 * of a Buffer is decoded by V8 directly. Only the bytes of an unfinished character at the end of a
 * read are held back for the next one. Invalid bytes become U+FFFD, as with TextDecoder.
 */
export class Utf8Stream {
  private carry: Uint8Array | undefined;
  private started = false;

  decode(bytes: Uint8Array): string {
    let buf = bytes;
    if (this.carry) {
      const joined = new Uint8Array(this.carry.length + bytes.length);
      joined.set(this.carry);
      joined.set(bytes, this.carry.length);
      buf = joined;
      this.carry = undefined;
    }
    const end = completeLength(buf);
    if (end < buf.length) this.carry = buf.slice(end);
    return this.text(buf, end);
  }

  /** End of the stream: an unfinished character becomes U+FFFD. */
  end(): string {
    const rest = this.carry;
    this.carry = undefined;
    return rest ? this.text(rest, rest.length) : '';
  }

  private text(buf: Uint8Array, end: number): string {
    if (end === 0) return '';
    let s = Buffer.from(buf.buffer, buf.byteOffset, end).toString('utf8');
    if (!this.started) {
      this.started = true;
      if (s.charCodeAt(0) === BOM) s = s.slice(1);
    }
    return s;
  }
}

/** Bytes up to the last complete character: an unfinished multi-byte sequence at the end is left out. */
function completeLength(buf: Uint8Array): number {
  const n = buf.length;
  // Walk back over at most three continuation bytes to the lead byte of the last character.
  let i = n - 1;
  while (i >= 0 && n - i <= 3 && (buf[i]! & 0xc0) === 0x80) i--;
  if (i < 0) return n;
  const lead = buf[i]!;
  const need = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xc2 && lead < 0xe0 ? 2 : 1;
  // A lead byte whose sequence is not complete yet waits for the next read; anything else is decoded
  // now (invalid bytes become U+FFFD either way).
  return need > n - i ? i : n;
}
