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
    const single = this.atBoundary ? singleDataEvent(text) : undefined;
    if (single !== undefined) {
      if (single.length > this.maxEventSize) throw this.tooLarge();
      this.endsWithCr = false;
      return [{ id: undefined, event: undefined, data: single }];
    }
    this.endsWithCr = text.charCodeAt(text.length - 1) === 13;
    this.atBoundary = text.endsWith('\n\n');
    this.parser.feed(text);
    if (this.overflow) throw this.tooLarge();
    const out = this.events;
    this.events = [];
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
 * The data of a text that is exactly one `data: …` line and its blank line (what gateways write for
 * nearly every chunk), found without the general parser; undefined for anything else, which the
 * parser then reads. Only used when the parser holds nothing from earlier text.
 */
function singleDataEvent(text: string): string | undefined {
  const n = text.length;
  if (n < 8 || !text.startsWith('data: ') || text.charCodeAt(n - 1) !== 10 || text.charCodeAt(n - 2) !== 10)
    return undefined;
  const nl = text.indexOf('\n', 6);
  if (nl !== n - 2 || text.indexOf('\r', 6) !== -1) return undefined;
  return text.slice(6, n - 2);
}
