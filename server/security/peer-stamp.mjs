// Preloaded into the web process by `runwell serve` (node --import). Next.js
// route handlers cannot see the TCP peer's address, and every X-Forwarded-For,
// X-Real-IP or Forwarded header can be written by the client. So before Next.js
// sees a request, this stamps the socket's address into X-Runwell-Peer,
// overwriting whatever the client sent under that name. clientAddress()
// (server/security/client-address.ts) trusts the header only in a process
// where this file ran (the marker below), and proxy headers only when the
// peer is one of RUNWELL_TRUSTED_PROXIES.
import http from 'node:http';
import https from 'node:https';

const HEADER = 'x-runwell-peer';
globalThis[Symbol.for('runwell.peerStamp')] = true;

for (const Server of [http.Server, https.Server]) {
  const emit = Server.prototype.emit;
  Server.prototype.emit = function emitWithPeer(event, req, ...rest) {
    if (event === 'request' && req && req.headers) req.headers[HEADER] = (req.socket && req.socket.remoteAddress) || '';
    return emit.call(this, event, req, ...rest);
  };
}
