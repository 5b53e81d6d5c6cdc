/**
 * Forwards the backend's routes (`/api/…`) to the reference backend listening on a loopback port, so
 * that the storefront, the order desk and the API share one origin: no CORS, one URL to open.
 * Bodies stream through in both directions; hop-by-hop headers stay on their own hop.
 */
import { Agent, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (!HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

/** A forwarder to `http://host:port`; `close()` ends its kept-alive connections. */
export function createProxy(target: { host: string; port: number }) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  function forward(req: IncomingMessage, res: ServerResponse): void {
    const upstream = request(
      {
        agent,
        host: target.host,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: {
          ...forwardable(req.headers),
          host: `${target.host}:${target.port}`,
          'x-forwarded-host': req.headers.host ?? '',
          'x-forwarded-proto': 'http',
        },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (res.headersSent) {
        res.destroy(err);
        return;
      }
      res.writeHead(502, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'urn:c2m:problem:unavailable', title: 'Bad gateway', status: 502, detail: `the backend is not reachable: ${err.message}` }));
    });
    // A browser that goes away mid-request takes the backend request with it.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }
  return { forward, close: () => agent.destroy() };
}
