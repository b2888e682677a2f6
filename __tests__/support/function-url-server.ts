/**
 * Serves a Lambda function URL handler on 127.0.0.1 (port 0) for tests: each real HTTP request is
 * translated into the function URL event (payload format 2.0, as documented in
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads) and the handler's
 * result back into the HTTP response. Bodies of non-text content types arrive base64-encoded with
 * isBase64Encoded, as function URLs deliver them.
 */
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LambdaFunctionURLEvent } from 'aws-lambda';

export interface FunctionUrlResult {
  readonly statusCode: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

export interface FunctionUrlServer {
  readonly url: string;
  close(): Promise<void>;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript))/;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function toFunctionUrlEvent(req: IncomingMessage, body: Buffer, now = new Date()): LambdaFunctionURLEvent {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
  const text = TEXT_TYPES.test(headers['content-type'] ?? '');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'testurlid',
      domainName: 'testurlid.lambda-url.us-east-1.on.aws',
      domainPrefix: 'testurlid',
      http: { method: req.method ?? 'GET', path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: `req-${now.getTime()}`,
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !text,
  };
}

export async function serveFunctionUrl(handler: (event: LambdaFunctionURLEvent) => Promise<FunctionUrlResult>): Promise<FunctionUrlServer> {
  const server: Server = createServer((req, res) => {
    readBody(req)
      .then((body) => handler(toFunctionUrlEvent(req, body)))
      .then((result) => {
        res.writeHead(result.statusCode, result.headers ?? {});
        res.end(result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'));
      })
      .catch((err: unknown) => {
        // Lambda answers an unhandled error with 502.
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
