// Test upstreams: real HTTP/HTTPS servers on 127.0.0.1 with scripted routes and a request log.
//
//   import { startUpstream, echo, respond, json, delay, hang, testCa } from '../../support/upstream/index.js';
//
//   const upstream = await startUpstream({ tls: true, routes: {
//     '/echo': echo(),                                   // any method
//     'POST /token': json({ access_token: 't', expires_in: 60 }),
//     '/slow': delay(200, respond({ status: 204 })),
//     '*': respond({ status: 404, body: 'nope' }),        // fallback (default: 404 JSON)
//   } });
//   const client = createUpstreamClient({ ca: testCa, allowInsecureUpstreams: true });
//   await client.request({ url: upstream.url('/echo?x=1'), method: 'GET', headers: [], body: null });
//   upstream.requests[0]                                  // RecordedRequest: what the server received
//   await upstream.close();                               // destroys open sockets, cancels timers
//
// startUpstream(options?) → Upstream
//   options: tls (HTTPS with the test certificate; trust it with `testCa`), host ('127.0.0.1'
//   default, '::1' for IPv6), routes (key → Behaviour; keys '/path', 'METHOD /path' or '*';
//   matching ignores the query).
//   Upstream: origin, port, url(path), requests (the log, RecordedRequest[]), route(key, behaviour),
//   connectionCount (TCP connections accepted: 1 after three requests means keep-alive reuse),
//   openConnections, waitForRequests(n, timeoutMs?), close().
//   RecordedRequest: method, url (path+query as sent), path, query (decoded pairs), headers
//   (lower-cased), rawHeaders (pairs in wire case/order), body (Buffer), connection (1-based id).
//
// Behaviours (./behaviours.ts), all run after the request body was read and logged:
//   echo()                          200 JSON EchoedRequest {method,url,path,query,headers,rawHeaders,body,bodyBase64,connection}
//   respond({status, headers, body}) fixed response; body text or bytes; Content-Length added
//   json(value, {status, headers})  JSON response
//   redirect(location, status=302)  a 3xx with Location
//   delay(ms, behaviour)            nothing sent for ms, then behaviour
//   hang()                          never answers
//   resetAfterHeaders({status, afterMs})         headers (Content-Length: 1000) then TCP reset
//   resetMidBody({totalBytes, sentBytes, afterMs}) part of the announced body then TCP reset
//   sizedBody(bytes, {framing, chunkBytes})     exactly `bytes` of patternBytes(bytes);
//                                   framing 'content-length' | 'chunked' | 'close' (no length; ends at close)
//   slowBody({chunks, chunkBytes, intervalMs})  a body that trickles in
//   invalidChunked()                malformed chunked encoding
//   sequence(b1, b2, …)             n-th request → n-th behaviour, the last repeats
//   custom(({req, res, request, later}) => …)   anything else
//   patternBytes(n)                 the bytes sizedBody/resetMidBody send, to compare with
//
// startHalfOpenServer() → accepts TCP connections and never reads (not even a TLS ClientHello).
// closedPort()          → a port nothing listens on (connection refused).
// testCa / serverCert / serverKey → the committed test TLS material (test/fixtures/tls).
export { startUpstream, type Upstream, type UpstreamOptions } from './server.js';
export { startHalfOpenServer, type HalfOpenServer } from './half-open.js';
export { closedPort } from './closed-port.js';
export {
  custom,
  delay,
  echo,
  hang,
  invalidChunked,
  json,
  patternBytes,
  redirect,
  resetAfterHeaders,
  resetConnection,
  resetMidBody,
  respond,
  sequence,
  sizedBody,
  slowBody,
  type Behaviour,
  type BodyFraming,
  type Exchange,
  type FixedResponse,
  type HeaderInput,
} from './behaviours.js';
export type { EchoedRequest, RecordedRequest } from './recorded-request.js';
export { serverCert, serverKey, testCa } from './tls.js';
