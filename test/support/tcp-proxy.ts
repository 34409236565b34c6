import { createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay in front of a server (the test MongoDB), for tests where the network to it breaks:
 * `cut()` drops every open connection and refuses new ones (as a stopped database does); `restore()`
 * listens again on the same port.
 *
 *   const proxy = await startTcpProxy('127.0.0.1', 27017);
 *   const uri = `mongodb://127.0.0.1:${proxy.port}/db`;
 *   await proxy.cut(); …; await proxy.restore();
 */
export interface TcpProxy {
  port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  let server: Server | null = null;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = new (client.constructor as typeof Socket)();
        track(client);
        track(upstream);
        upstream.connect(targetPort, targetHost);
        client.pipe(upstream);
        upstream.pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        server = s;
        resolve((s.address() as { port: number }).port);
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
      server = null;
    });
  const port = await listen(0);
  return {
    port,
    cut: stop,
    restore: async () => {
      await listen(port);
    },
    close: stop,
  };
}
