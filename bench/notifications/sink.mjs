// The local SMTP server of the notifications benchmark, in a process of its own so that the load
// generator does not slow it: accepts every message and prints "<count> <ms since first>" on stdout
// every 100 ms.
import { SMTPServer } from 'smtp-server';

const port = Number(process.argv[2] ?? 2525);
let received = 0;
let first = 0;
let last = 0;
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _s, cb) {
    stream.resume();
    stream.on('end', () => {
      received++;
      last = Date.now();
      first ||= last;
      cb();
    });
  },
});
sink.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
setInterval(() => process.stdout.write(`${received} ${first} ${last}\n`), 100);
