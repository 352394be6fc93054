// SseReader: bytes → SSE events (one streaming UTF-8 decoder feeding eventsource-parser), with a size cap.
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import { GatewayError } from './errors';

export class SseReader {
  // One decoder for the whole body: a character split across reads is decoded exactly; a leading BOM
  // is dropped. The body is UTF-8 whatever charset the content-type names.
  private readonly decoder = new TextDecoder('utf-8');
  private readonly parser: EventSourceParser;
  private events: EventSourceMessage[] = [];
  private overflow = false;
  private endsWithCr = false;

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
    return this.decoder.decode(bytes, { stream: true });
  }

  /** Feeds decoded text; returns the events it completed (in order). */
  feed(text: string): EventSourceMessage[] {
    if (text === '') return [];
    this.endsWithCr = text.charCodeAt(text.length - 1) === 13;
    this.parser.feed(text);
    if (this.overflow) {
      throw new GatewayError(
        'protocol',
        `a single stream event exceeded ${Math.round(this.maxEventSize / 1048576)} MiB and was refused`,
      );
    }
    const out = this.events;
    this.events = [];
    return out;
  }

  /** End of body: a final CR is a complete line end; an event without its blank line is dropped. */
  end(): EventSourceMessage[] {
    const rest = this.decoder.decode();
    const out = this.feed(rest);
    if (this.endsWithCr) out.push(...this.feed('\n'));
    return out;
  }
}
