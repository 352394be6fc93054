// SseReader: bytes → SSE events (a streaming UTF-8 decoder feeding eventsource-parser), with a size cap.
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import { GatewayError } from './errors';
import { Utf8Stream } from './utf8Stream';

export class SseReader {
  // One decoder for the whole body: a character split across reads is decoded exactly; a leading BOM
  // is dropped. The body is UTF-8 whatever charset the content-type names.
  private readonly decoder = new Utf8Stream();
  private readonly parser: EventSourceParser;
  private events: EventSourceMessage[] = [];
  private overflow = false;
  private endsWithCr = false;
  /** True while the parser holds nothing: the last text fed ended with a blank line. */
  private atBoundary = true;

  constructor(private readonly maxEventSize: number) {
    this.parser = createParser({
      onEvent: (e) => this.events.push(e),
      onError: (e) => {
        if (e.type === 'max-buffer-size-exceeded') this.overflow = true;
      },
      maxBufferSize: maxEventSize,
    });
  }

  decode(bytes: Uint8Array): string {
    return this.decoder.decode(bytes);
  }

  /** Feeds decoded text; returns the events it completed (in order). */
  feed(text: string): EventSourceMessage[] {
    if (text === '') return [];
    let out: EventSourceMessage[] = [];
    let rest = text;
    if (this.atBoundary) {
      const end = plainDataEvents(text, out);
      for (const e of out) if (e.data.length > this.maxEventSize) throw this.tooLarge();
      if (end === text.length) {
        this.endsWithCr = false;
        return out;
      }
      rest = end === 0 ? text : text.slice(end);
    }
    this.endsWithCr = rest.charCodeAt(rest.length - 1) === 13;
    this.atBoundary = rest.endsWith('\n\n');
    this.parser.feed(rest);
    if (this.overflow) throw this.tooLarge();
    if (this.events.length) {
      out = out.length ? out.concat(this.events) : this.events;
      this.events = [];
    }
    return out;
  }

  /** End of body: a final CR is a complete line end; an event without its blank line is dropped. */
  end(): EventSourceMessage[] {
    const rest = this.decoder.end();
    const out = this.feed(rest);
    if (this.endsWithCr) out.push(...this.feed('\n'));
    return out;
  }

  private tooLarge(): GatewayError {
    return new GatewayError(
      'protocol',
      `a single stream event exceeded ${Math.round(this.maxEventSize / 1048576)} MiB and was refused`,
    );
  }
}

/**
 * The events at the start of `text` that are each exactly one `data: …` line and its blank line (what gateways write
 * for nearly every chunk, one or several to a read), found without the general parser and appended to `out`; returns
 * where they end. The parser reads the rest (anything else, or an event cut by the end of the read). Only used when
 * the parser holds nothing from earlier text.
 */
function plainDataEvents(text: string, out: EventSourceMessage[]): number {
  const n = text.length;
  // A CR anywhere ends the plain part before the event it is in: CRLF and CR line ends are the parser's.
  const cr = text.indexOf('\r');
  const limit = cr === -1 ? n : cr;
  let pos = 0;
  while (pos < limit && text.startsWith('data: ', pos)) {
    const nl = text.indexOf('\n', pos + 6);
    if (nl === -1 || nl + 1 >= limit || text.charCodeAt(nl + 1) !== 10) break;
    out.push({ id: undefined, event: undefined, data: text.slice(pos + 6, nl) });
    pos = nl + 2;
  }
  return pos;
}
