// A paced SSE server for bench/pacedStream.bench.ts, run in its own process: each event is written as it falls due
// (from a 1 ms timer, so a late timer writes several), with Nagle's algorithm off. Prints its port, then serves
// every request with `node pacedServer.mjs <events> <events per second>` events.
import { createServer } from 'node:http';

const EVENT =
  'data: {"id":"chatcmpl-9tZXEmwtoDf6vqCqEWSvDP8jx9OXe","object":"chat.completion.chunk","created":1723031664,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"content":" token"},"logprobs":null,"finish_reason":null}]}\n\n';
const TAIL =
  'data: {"id":"chatcmpl-9tZXEmwtoDf6vqCqEWSvDP8jx9OXe","object":"chat.completion.chunk","created":1723031664,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n' +
  'data: {"id":"chatcmpl-9tZXEmwtoDf6vqCqEWSvDP8jx9OXe","object":"chat.completion.chunk","created":1723031664,"model":"gpt-4o-2024-08-06","choices":[],"usage":{"prompt_tokens":17,"completion_tokens":10,"total_tokens":27}}\n\n' +
  'data: [DONE]\n\n';

/** Events per response and per second, from the command line. */
const events = Number(process.argv[2] ?? 3000);
const rate = Number(process.argv[3] ?? 1000);

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    req.socket.setNoDelay(true);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const start = performance.now();
    let sent = 0;
    const timer = setInterval(() => {
      const due = Math.min(events, Math.floor(((performance.now() - start) * rate) / 1000));
      for (; sent < due; sent++) res.write(EVENT);
      if (sent >= events) {
        clearInterval(timer);
        res.end(TAIL);
      }
    }, 1);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
