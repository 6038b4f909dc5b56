// The floor of a cold-start measurement: Node with node:http and nothing else, answering every
// request with a small JSON body. Started and probed exactly like a bundle (same flags, same
// probe), it shows how much of "spawn to first answer" is Node itself on this machine.
import http from 'node:http';

const at = process.argv.indexOf('--port');
const port = Number(process.argv[at + 1]);
http
  .createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"ok":true}');
  })
  .listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
