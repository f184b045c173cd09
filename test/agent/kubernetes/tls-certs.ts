// Certificates for the TLS tests, made with the openssl command when the machine has one: a CA, a server
// certificate for 127.0.0.1, and client certificates with the given common names, all signed by the CA.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface TestCerts {
  dir: string;
  ca: Buffer;
  serverKey: Buffer;
  serverCert: Buffer;
  /** `client-<i>.crt` / `client-<i>.key` in `dir`, one per common name. */
  clients: Array<{ cn: string; cert: Buffer; key: Buffer; certPath: string; keyPath: string }>;
}

/** Writes ca.crt, server.crt/key and client-<i>.crt/key into `dir`. */
export function makeCerts(dir: string, clientCNs: string[]): TestCerts {
  mkdirSync(dir, { recursive: true });
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=test-ca');
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=apiserver');
  ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.cnf');
  const clients = clientCNs.map((cn, i) => {
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `client-${i}.key`, '-out', `client-${i}.csr`, '-subj', `/CN=${cn}`);
    ssl('x509', '-req', '-in', `client-${i}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `client-${i}.crt`, '-days', '2');
    const certPath = join(dir, `client-${i}.crt`);
    const keyPath = join(dir, `client-${i}.key`);
    return { cn, cert: readFileSync(certPath), key: readFileSync(keyPath), certPath, keyPath };
  });
  const read = (n: string) => readFileSync(join(dir, n));
  return { dir, ca: read('ca.crt'), serverKey: read('server.key'), serverCert: read('server.crt'), clients };
}
