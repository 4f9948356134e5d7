// The baseline: the cheapest HTTP answer Node can give on this machine. Run in a child
// process of its own, like the apps, so it competes for the same cores the same way.
// Usage: node scripts/bench/hello-server.mjs <port>
import http from 'node:http';

const port = Number(process.argv[2]);
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('hello world');
});
server.listen(port);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
