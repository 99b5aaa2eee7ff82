// Stands in for sshd on a test engine's host, run inside the engine's network namespace:
// public-key authentication for one key, and `docker system dial-stdio` (all that dockerode's
// ssh:// transport asks for) answered by piping the channel to the engine's unix socket, as the
// docker CLI on that host would.
//   node ssh-front.mjs HOST PORT HOST_KEY_FILE CLIENT_PUBLIC_KEY_FILE ENGINE_SOCKET
// Prints "listening" once it accepts connections; exits after an hour at most.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import ssh2 from 'ssh2';

const [host, port, hostKeyFile, clientKeyFile, engineSocket] = process.argv.slice(2);
const allowed = ssh2.utils.parseKey(readFileSync(clientKeyFile));
const server = new ssh2.Server({ hostKeys: [readFileSync(hostKeyFile)] }, (client) => {
  client.on('authentication', (ctx) => {
    const ours = ctx.method === 'publickey' && ctx.key.algo === allowed.type && ctx.key.data.equals(allowed.getPublicSSH());
    if (!ours || (ctx.signature && !allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo))) return ctx.reject(['publickey']);
    ctx.accept();
  });
  client.on('ready', () => {
    client.on('session', (acceptSession) => {
      acceptSession().on('exec', (accept, reject, info) => {
        if (info.command !== 'docker system dial-stdio') return reject();
        const channel = accept();
        const engine = connect(engineSocket);
        channel.pipe(engine).pipe(channel);
        engine.on('error', () => channel.close());
        channel.on('close', () => engine.destroy());
      });
    });
  });
  client.on('error', () => undefined);
});
server.listen(Number(port), host, () => console.log('listening'));
setTimeout(() => process.exit(0), 3_600_000).unref();
